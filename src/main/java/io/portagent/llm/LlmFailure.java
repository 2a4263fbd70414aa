package io.portagent.llm;

import java.util.Objects;

/**
 * How a call ended when it did not complete: a code for programs, a sentence for the user.
 *
 * @param code             the category
 * @param message          the sentence shown to the user, e.g. {@code Invalid API key}; never holds the key
 * @param httpStatus       the provider's HTTP status, or 0 if the failure was not an HTTP error status
 * @param beforeFirstEvent true if no {@link StreamEvent} had reached the listener, so nothing partial needs keeping
 * @param attempts         how many HTTP requests the call made, retries included (0 if cancelled before the first)
 */
public record LlmFailure(FailureCode code, String message, int httpStatus, boolean beforeFirstEvent, int attempts) {

    public LlmFailure {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
    }
}
