package io.portagent.config;

/** A command line that cannot be used; the message says what to type instead (exit code 2). */
public final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UsageException(String message) {
        super(message);
    }
}
