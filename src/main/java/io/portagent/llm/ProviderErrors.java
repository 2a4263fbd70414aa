package io.portagent.llm;

import jakarta.json.JsonException;
import java.time.Duration;

/**
 * Maps an HTTP error status to a failure code and the sentence the user sees, for every provider
 * type (Anthropic and OpenAI-compatible servers both put their words in {@code error.message}).
 * Provider messages are passed through where they tell the user what to do (credit balance,
 * permissions, a model to pull). Errors inside a stream are each protocol's own.
 */
public final class ProviderErrors {

    public static final String INVALID_API_KEY = "Invalid API key";
    public static final String OVERLOADED = "The provider is overloaded; try again in a moment";

    private ProviderErrors() {
    }

    /**
     * An answer other than 200 with an event stream.
     *
     * @param body       up to the first bytes of the response body, usually Anthropic's error JSON
     * @param retryAfter when to retry, from the {@code retry-after} header, or null
     */
    public static AttemptFailure fromStatus(int status, String contentType, byte[] body, int length, Duration retryAfter) {
        String detail = errorMessage(body, length);
        if (status == 200) {
            return fatal(FailureCode.PROVIDER_ERROR, status,
                    "The provider answered with " + contentType + " instead of an event stream");
        }
        return switch (status) {
            case 401 -> fatal(FailureCode.INVALID_API_KEY, status, INVALID_API_KEY);
            case 403 -> fatal(FailureCode.PERMISSION_DENIED, status,
                    orElse(detail, "Permission denied by the provider (HTTP 403)"));
            case 404 -> fatal(FailureCode.MODEL_NOT_FOUND, status, "Model not found, or a wrong provider URL (HTTP 404)"
                    + suffix(detail));
            case 400 -> fatal(FailureCode.INVALID_REQUEST, status,
                    orElse(detail, "The provider rejected the request (HTTP 400)"));
            case 407 -> fatal(FailureCode.CONNECTION_REFUSED, status,
                    "The proxy refused the connection: it requires authentication (HTTP 407)");
            case 429 -> retry(FailureCode.RATE_LIMITED, status,
                    "Rate limited by the provider (HTTP 429)" + suffix(detail), retryAfter);
            case 529 -> retry(FailureCode.OVERLOADED, status, OVERLOADED + " (HTTP 529)", retryAfter);
            default -> otherStatus(status, detail, retryAfter);
        };
    }

    private static AttemptFailure otherStatus(int status, String detail, Duration retryAfter) {
        if (status >= 500) {
            return retry(FailureCode.PROVIDER_ERROR, status,
                    "The provider failed (HTTP " + status + ")" + suffix(detail), retryAfter);
        }
        if (status >= 400) {
            return fatal(FailureCode.INVALID_REQUEST, status,
                    "The provider rejected the request (HTTP " + status + ")" + suffix(detail));
        }
        return fatal(FailureCode.PROVIDER_ERROR, status, "The provider answered HTTP " + status + " instead of a stream");
    }

    /** The {@code error.message} of the error body, or null if the body is not that JSON. */
    private static String errorMessage(byte[] body, int length) {
        if (length == 0) {
            return null;
        }
        try {
            return Json.string(Json.child(Json.object(body, length), "error"), "message", null);
        } catch (JsonException | IllegalStateException e) {
            return null; // an HTML page from a proxy, say: the status alone has to do
        }
    }

    private static AttemptFailure fatal(FailureCode code, int status, String message) {
        return new AttemptFailure(code, message, status, false, null);
    }

    private static AttemptFailure retry(FailureCode code, int status, String message, Duration retryAfter) {
        return new AttemptFailure(code, message, status, true, retryAfter);
    }

    /** The provider's own words, or the fallback when it gave none. */
    public static String orElse(String detail, String fallback) {
        return detail == null || detail.isBlank() ? fallback : detail;
    }

    /** {@code ": detail"}, or nothing when there is no detail. */
    public static String suffix(String detail) {
        return detail == null || detail.isBlank() ? "" : ": " + detail;
    }
}
