package io.portagent.auth;

import io.portagent.store.DiskFullException;
import java.time.Duration;
import java.util.Optional;

/**
 * Why accounts refused a request, with the sentence the user reads. The adapters (HTTP today)
 * choose the status for each reason; nothing here knows about them.
 */
public class AuthException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The kinds of refusal an adapter must tell apart. */
    public enum Reason {
        /** The input breaks a rule: a field, the invite code, a name already taken. */
        INVALID_INPUT,
        /** Wrong password, unknown or disabled user: deliberately one reason. */
        BAD_CREDENTIALS,
        /** Too many failed sign-ins; {@link #retryAfter()} says for how long. */
        THROTTLED,
        /** The disk holding the databases is full; nothing was changed. */
        STORAGE_FULL,
        /** No such user, group or invite. */
        NOT_FOUND,
        /** The change would break a rule of the current state: the last admin, a name taken. */
        CONFLICT,
        /** The caller may not do this, whoever they are (registration closed). */
        FORBIDDEN,
        /** A service sign-in depends on (the LDAP directory) cannot answer; nothing was decided. */
        UNAVAILABLE
    }

    private final Reason reason;
    private final transient Optional<Duration> retryAfter;

    private AuthException(Reason reason, String message, Optional<Duration> retryAfter, Throwable cause) {
        // a refusal, not a bug: no stack trace to fill or to log
        super(message, cause, false, false);
        this.reason = reason;
        this.retryAfter = retryAfter;
    }

    static AuthException invalidInput(String message) {
        return new AuthException(Reason.INVALID_INPUT, message, Optional.empty(), null);
    }

    static AuthException notFound(String message) {
        return new AuthException(Reason.NOT_FOUND, message, Optional.empty(), null);
    }

    static AuthException conflict(String message) {
        return new AuthException(Reason.CONFLICT, message, Optional.empty(), null);
    }

    static AuthException forbidden(String message) {
        return new AuthException(Reason.FORBIDDEN, message, Optional.empty(), null);
    }

    static AuthException badCredentials() {
        return badCredentials("Invalid credentials");
    }

    /** A refused sign-in whose cause the user may know (a proxy sign-in from the wrong place). */
    static AuthException badCredentials(String message) {
        return new AuthException(Reason.BAD_CREDENTIALS, message, Optional.empty(), null);
    }

    static AuthException throttled(Duration wait) {
        long seconds = Math.max(1, wait.toSeconds());
        return new AuthException(Reason.THROTTLED, "Too many failed sign-in attempts. Try again in "
                + (seconds + 59) / 60 + " minute(s).", Optional.of(Duration.ofSeconds(seconds)), null);
    }

    static AuthException unavailable() {
        return unavailable("Sign-in is unavailable: the directory server cannot be reached."
                + " Try again in a few minutes; if it persists, tell your administrator.");
    }

    static AuthException unavailable(String message) {
        return new AuthException(Reason.UNAVAILABLE, message, Optional.empty(), null);
    }

    /** Storage's full-disk failure in auth's words, so adapters need not know storage. */
    static AuthException storageFull(DiskFullException cause) {
        return new AuthException(Reason.STORAGE_FULL, DiskFullException.USER_MESSAGE, Optional.empty(), cause);
    }

    public Reason reason() {
        return reason;
    }

    /** How long the caller should wait before trying again, when that is known. */
    public Optional<Duration> retryAfter() {
        return retryAfter;
    }
}
