package io.portagent.http.gateway;

import io.portagent.agent.AgentException;
import io.portagent.agent.JsonSupport;
import io.portagent.llm.LlmFailure;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;

/**
 * A refusal in OpenAI's words: the HTTP status and {@code {"error":{"message","type","param","code"}}},
 * which OpenAI's clients turn into their own exception types (401 AuthenticationError, 429 RateLimitError...).
 */
final class GatewayError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    static final String INVALID_REQUEST = "invalid_request_error";

    final int status;
    final String type;
    final String code;
    final String param;

    GatewayError(int status, String type, String code, String param, String message) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
        this.code = code;
        this.param = param;
    }

    static GatewayError badRequest(String param, String message) {
        return new GatewayError(400, INVALID_REQUEST, "invalid_request", param, message);
    }

    static GatewayError unsupported(String param, String message) {
        return new GatewayError(400, INVALID_REQUEST, "unsupported_parameter", param, message);
    }

    static GatewayError unauthorized(String message) {
        return new GatewayError(401, INVALID_REQUEST, "invalid_api_key", null, message);
    }

    static GatewayError unknownUrl(String method, String path) {
        return new GatewayError(404, INVALID_REQUEST, "unknown_url", null, "Invalid URL (" + method + " /v1" + path + ")");
    }

    /** The agent's refusals: a model the user may not use, a spent budget, storage. */
    static GatewayError of(AgentException e) {
        return switch (e.code()) {
            case "model_not_allowed" -> new GatewayError(403, INVALID_REQUEST, e.code(), "model", e.getMessage());
            case "quota_exceeded" -> new GatewayError(429, "insufficient_quota", e.code(), null, e.getMessage());
            default -> new GatewayError(503, "api_error", e.code(), null, e.getMessage());
        };
    }

    /** A failed call to the provider, by what went wrong there. */
    static GatewayError of(LlmFailure failure) {
        int status = switch (failure.code()) {
            case INVALID_REQUEST -> 400;
            case RATE_LIMITED -> 429;
            case OVERLOADED -> 503;
            case TIMEOUT, STREAM_STALLED -> 504;
            default -> 502;
        };
        String type = status == 400 ? INVALID_REQUEST : status == 429 ? "rate_limit_error" : "api_error";
        return new GatewayError(status, type, failure.code().wireName(), null, failure.message());
    }

    JsonObject body() {
        JsonObjectBuilder error = JsonSupport.PROVIDER.createObjectBuilder().add("message", getMessage())
                .add("type", type).add("code", code);
        if (param == null) {
            error.addNull("param");
        } else {
            error.add("param", param);
        }
        return JsonSupport.PROVIDER.createObjectBuilder().add("error", error).build();
    }
}
