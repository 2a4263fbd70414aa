package io.portagent.llm.openai;

import io.portagent.llm.AttemptFailure;
import io.portagent.llm.FailureCode;
import io.portagent.llm.Json;
import io.portagent.llm.ProviderErrors;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Errors an OpenAI-compatible server reports inside the stream, as
 * {@code {"error":{"message","type","code"}}} (OpenAI, LiteLLM) or with {@code "object":"error"}
 * (vLLM). Mapped to the same codes, sentences and retries as Anthropic's error events; a numeric
 * {@code code} reads as the HTTP status it names.
 */
final class OpenAiErrors {

    private OpenAiErrors() {
    }

    /** The error object of a chunk, or null if the chunk is not an error. */
    static JsonObject errorOf(JsonObject chunk) {
        JsonObject error = Json.child(chunk, "error");
        if (error != null) {
            return error;
        }
        return "error".equals(Json.string(chunk, "object", null)) ? chunk : null;
    }

    static AttemptFailure fromStream(JsonObject error) {
        String detail = Json.string(error, "message", null);
        if (error.get("code") instanceof JsonNumber status && status.intValue() >= 400) {
            byte[] body = Json.PROVIDER.createObjectBuilder().add("error", error).build().toString()
                    .getBytes(StandardCharsets.UTF_8);
            return ProviderErrors.fromStatus(status.intValue(), "application/json", body, body.length, null);
        }
        String kind = (Json.string(error, "type", "") + " " + Json.string(error, "code", ""))
                .toLowerCase(Locale.ROOT);
        if (kind.contains("overloaded")) {
            return AttemptFailure.retryable(FailureCode.OVERLOADED, ProviderErrors.OVERLOADED);
        }
        if (kind.contains("rate_limit")) {
            return AttemptFailure.retryable(FailureCode.RATE_LIMITED, "Rate limited by the provider"
                    + ProviderErrors.suffix(detail));
        }
        if (kind.contains("server_error") || kind.contains("api_error")) {
            return AttemptFailure.retryable(FailureCode.PROVIDER_ERROR, "Provider error" + ProviderErrors.suffix(detail));
        }
        return fatal(kind, detail);
    }

    private static AttemptFailure fatal(String kind, String detail) {
        if (kind.contains("authentication") || kind.contains("invalid_api_key")) {
            return AttemptFailure.fatal(FailureCode.INVALID_API_KEY, ProviderErrors.INVALID_API_KEY);
        }
        if (kind.contains("permission")) {
            return AttemptFailure.fatal(FailureCode.PERMISSION_DENIED,
                    ProviderErrors.orElse(detail, "Permission denied by the provider"));
        }
        if (kind.contains("not_found")) {
            return AttemptFailure.fatal(FailureCode.MODEL_NOT_FOUND, "Model not found" + ProviderErrors.suffix(detail));
        }
        if (kind.contains("invalid_request")) {
            return AttemptFailure.fatal(FailureCode.INVALID_REQUEST,
                    ProviderErrors.orElse(detail, "The provider rejected the request"));
        }
        return AttemptFailure.fatal(FailureCode.PROVIDER_ERROR, "Provider error" + ProviderErrors.suffix(detail));
    }
}
