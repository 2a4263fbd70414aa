package io.portagent.llm;

import java.time.Duration;

/**
 * How one HTTP attempt failed, before the call decides whether to retry.
 *
 * @param retryable  whether another attempt may succeed (only ever taken before the first event)
 * @param retryAfter the provider's {@code retry-after}, or null
 */
public record AttemptFailure(FailureCode code, String message, int httpStatus, boolean retryable, Duration retryAfter) {

    public static AttemptFailure fatal(FailureCode code, String message) {
        return new AttemptFailure(code, message, 0, false, null);
    }

    public static AttemptFailure retryable(FailureCode code, String message) {
        return new AttemptFailure(code, message, 0, true, null);
    }

    LlmFailure toFailure(boolean beforeFirstEvent, int attempts) {
        return new LlmFailure(code, message, httpStatus, beforeFirstEvent, attempts);
    }
}
