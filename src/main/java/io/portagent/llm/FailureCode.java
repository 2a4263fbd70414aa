package io.portagent.llm;

/**
 * Why a call to the provider failed. The wire names are what the agent layer stores and sends to
 * the browser; operators grep the logs for them.
 */
public enum FailureCode {
    /** HTTP 401: the key is wrong or revoked. */
    INVALID_API_KEY("invalid_api_key"),
    /** HTTP 403: the key may not use this model or resource. */
    PERMISSION_DENIED("permission_denied"),
    /** HTTP 400 and other 4xx: the provider rejected the request, e.g. the credit balance is too low. */
    INVALID_REQUEST("invalid_request"),
    /** HTTP 404: the provider does not know the model (or the URL's path is wrong). */
    MODEL_NOT_FOUND("model_not_found"),
    /** HTTP 429, after the retries. */
    RATE_LIMITED("rate_limited"),
    /** HTTP 529 or an {@code overloaded_error} event, after the retries. */
    OVERLOADED("overloaded"),
    /** HTTP 5xx, an {@code error} event, or data that is not the Messages protocol. */
    PROVIDER_ERROR("provider_error"),
    /** No TCP connection could be made (refused, unknown host). */
    CONNECTION_REFUSED("connection_refused"),
    /** The TCP connection was not established within the connect timeout, or no pooled one freed up. */
    TIMEOUT("timeout"),
    /** The provider sent nothing for the idle timeout. */
    STREAM_STALLED("stream_stalled"),
    /** The connection closed before {@code message_stop}. */
    STREAM_DROPPED("stream_dropped"),
    /** The caller cancelled the call or closed the client. */
    CANCELLED("cancelled");

    private final String wireName;

    FailureCode(String wireName) {
        this.wireName = wireName;
    }

    /** Whether trying again later may help; false when the key, the permissions or the request itself is wrong. */
    public boolean isRecoverable() {
        return this != INVALID_API_KEY && this != PERMISSION_DENIED && this != INVALID_REQUEST
                && this != MODEL_NOT_FOUND;
    }

    /** The snake_case name used in events, the database and logs. */
    public String wireName() {
        return wireName;
    }

    @Override
    public String toString() {
        return wireName;
    }
}
