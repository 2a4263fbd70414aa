package io.portagent.testing;

import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Scripts an HTTP error answered before any stream, e.g. 429 with {@code retry-after} or 529
 * overloaded. The body is Anthropic's error shape:
 * {@code {"type":"error","error":{"type":"...","message":"..."},"request_id":"req_..."}}.
 * Create one with {@link Script#httpError}; the fixture copies it on enqueue, so later
 * changes to this object do not affect scripts already queued.
 */
public final class ErrorScript implements Script {

    private final int status;
    private final String errorType;
    private final String message;
    private final Map<String, String> headers = new LinkedHashMap<>();

    ErrorScript(int status, String errorType, String message) {
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("an error script needs a 4xx or 5xx status, got " + status);
        }
        this.status = status;
        this.errorType = Objects.requireNonNull(errorType, "errorType");
        this.message = Objects.requireNonNull(message, "message");
    }

    /** Adds {@code retry-after} in whole seconds (rounded up, as clients parse an integer). */
    public ErrorScript retryAfter(Duration delay) {
        long seconds = (delay.toMillis() + 999) / 1000;
        return retryAfter(Long.toString(seconds));
    }

    /** Adds {@code retry-after} verbatim, e.g. an HTTP-date or a malformed value for parser tests. */
    public ErrorScript retryAfter(String value) {
        return header("retry-after", value);
    }

    /** Adds any response header, e.g. {@code anthropic-ratelimit-requests-remaining}. */
    public ErrorScript header(String name, String value) {
        headers.put(Objects.requireNonNull(name, "name"), Objects.requireNonNull(value, "value"));
        return this;
    }

    ErrorReply reply() {
        return new ErrorReply(status, errorType, message,
                Collections.unmodifiableMap(new LinkedHashMap<>(headers)));
    }
}
