package io.portagent.agent;

import io.portagent.store.DiskFullException;
import java.util.function.Supplier;

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

    static AgentException notFound(String conversationId) {
        return new AgentException("not_found", "No conversation " + conversationId);
    }

    /** Runs a write outside a turn: a full disk becomes the {@code storage_full} refusal users get everywhere. */
    static <T> T stored(Supplier<T> write) {
        try {
            return write.get();
        } catch (DiskFullException e) { // the database has told the operator, once
            throw new AgentException("storage_full", DiskFullException.USER_MESSAGE);
        }
    }
}
