package io.portagent.auth;

/**
 * A directory that could not answer a sign-in: unreachable, timed out, or refusing the service
 * account. Not the user's fault, so neither a 401 nor a throttled failure; the message is the
 * operator's sentence and never holds a password.
 */
final class DirectoryUnavailableException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    DirectoryUnavailableException(String message) {
        // an outage already described in words: no stack trace to fill or to log
        super(message, null, false, false);
    }
}
