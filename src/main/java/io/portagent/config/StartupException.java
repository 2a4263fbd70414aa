package io.portagent.config;

/**
 * A problem an operator must fix before the service can start. The message is a sentence that
 * says what is wrong and what to do; it is shown as {@code Error: <message>} without a stack trace.
 */
public class StartupException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StartupException(String message) {
        super(message);
    }

    public StartupException(String message, Throwable cause) {
        super(message, cause);
    }

    /** The operator-facing line, as the launcher prints it and the server log shows it. */
    public String display() {
        return "Error: " + getMessage();
    }
}
