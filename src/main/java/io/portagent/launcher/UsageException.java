package io.portagent.launcher;

/** A command line the launcher cannot use; the message says what to type instead. */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
