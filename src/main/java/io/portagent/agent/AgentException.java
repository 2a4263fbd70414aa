package io.portagent.agent;

/** A refused agent operation, with the protocol's error code ({@code not_found}, {@code conversation_busy}, ...). */
public class AgentException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String code;

    public AgentException(String code, String message) {
        super(message, null, false, false);
        this.code = code;
    }

    public String code() {
        return code;
    }

    static AgentException notFound(String imageId) {
        return new AgentException("not_found", "No conversation " + imageId);
    }
}
