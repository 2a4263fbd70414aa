package io.portagent.llm.anthropic;

import io.portagent.llm.AttemptFailure;
import io.portagent.llm.FailureCode;
import io.portagent.llm.Json;
import io.portagent.llm.ProviderDataException;
import io.portagent.llm.ProviderErrors;
import io.portagent.llm.StopReason;
import io.portagent.llm.StreamDecoder;
import io.portagent.llm.StreamEvent;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;

/**
 * Turns the Messages API's SSE events into {@link StreamEvent}s. The event names and payload
 * shapes of the protocol live here only. Stateless, so one instance serves every stream.
 */
final class AnthropicDecoder implements StreamDecoder {

    /** The SSE event that carries a provider error mid-stream. */
    static final String ERROR_EVENT = "error";

    @Override
    public void onEvent(String event, byte[] data, int length, Sink sink) throws ProviderDataException {
        if (!isRelevant(event)) {
            return;
        }
        if ("content_block_delta".equals(event)) {
            StreamEvent.TextDelta text = TextDeltaScan.scan(data, length);
            if (text != null) {
                sink.event(text); // the common case, read without building a JSON tree
                return;
            }
        }
        JsonObject json = parse(event, data, length);
        if (ERROR_EVENT.equals(event)) {
            sink.failed(fromEvent(json));
            return;
        }
        StreamEvent decoded = decode(event, json);
        if (decoded != null) {
            sink.event(decoded);
        }
    }

    /** Whether the event's payload is worth parsing: ping and unknown types are skipped unread. */
    static boolean isRelevant(String event) {
        return switch (event) {
            case "message_start", "content_block_start", "content_block_delta", "content_block_stop",
                    "message_delta", "message_stop", ERROR_EVENT -> true;
            default -> false;
        };
    }

    /**
     * The stream event for a relevant, non-error SSE event, or null for block and delta types this
     * client does not surface (e.g. thinking blocks).
     */
    static StreamEvent decode(String event, JsonObject json) {
        return switch (event) {
            case "message_start" -> messageStart(Json.child(json, "message"));
            case "content_block_start" -> blockStart(Json.integer(json, "index", 0), Json.child(json, "content_block"));
            case "content_block_delta" -> delta(Json.integer(json, "index", 0), Json.child(json, "delta"));
            case "content_block_stop" -> new StreamEvent.BlockStop(Json.integer(json, "index", 0));
            case "message_delta" -> new StreamEvent.MessageDelta(
                    stopReason(Json.string(Json.child(json, "delta"), "stop_reason", null)), 0,
                    Json.integer(Json.child(json, "usage"), "output_tokens", 0));
            case "message_stop" -> new StreamEvent.MessageStop();
            default -> null;
        };
    }

    /** Anthropic's {@code stop_reason}; null stays null (the answer did not say). */
    static StopReason stopReason(String wire) {
        if (wire == null) {
            return null;
        }
        return switch (wire) {
            case "end_turn", "pause_turn" -> StopReason.END_TURN;
            case "tool_use" -> StopReason.TOOL_USE;
            case "max_tokens" -> StopReason.MAX_TOKENS;
            case "stop_sequence" -> StopReason.STOP_SEQUENCE;
            case "refusal" -> StopReason.REFUSAL;
            default -> StopReason.OTHER;
        };
    }

    /** The payload of an {@code error} SSE event: {@code {"type":"error","error":{"type":..,"message":..}}}. */
    static AttemptFailure fromEvent(JsonObject json) {
        JsonObject error = Json.child(json, "error");
        String type = Json.string(error, "type", "");
        String detail = Json.string(error, "message", null);
        return switch (type) {
            case "overloaded_error" -> AttemptFailure.retryable(FailureCode.OVERLOADED, ProviderErrors.OVERLOADED);
            case "rate_limit_error" -> AttemptFailure.retryable(FailureCode.RATE_LIMITED,
                    "Rate limited by the provider" + ProviderErrors.suffix(detail));
            case "api_error" -> AttemptFailure.retryable(FailureCode.PROVIDER_ERROR,
                    "Provider error" + ProviderErrors.suffix(detail));
            case "authentication_error" -> AttemptFailure.fatal(FailureCode.INVALID_API_KEY,
                    ProviderErrors.INVALID_API_KEY);
            case "permission_error" -> AttemptFailure.fatal(FailureCode.PERMISSION_DENIED,
                    ProviderErrors.orElse(detail, "Permission denied by the provider"));
            case "invalid_request_error" -> AttemptFailure.fatal(FailureCode.INVALID_REQUEST,
                    ProviderErrors.orElse(detail, "The provider rejected the request"));
            default -> AttemptFailure.fatal(FailureCode.PROVIDER_ERROR, "Provider error" + ProviderErrors.suffix(detail));
        };
    }

    private static StreamEvent messageStart(JsonObject message) {
        return new StreamEvent.MessageStart(Json.string(message, "id", ""), Json.string(message, "model", ""),
                Json.integer(Json.child(message, "usage"), "input_tokens", 0));
    }

    private static StreamEvent blockStart(int index, JsonObject block) {
        return switch (Json.string(block, "type", "")) {
            case "text" -> new StreamEvent.TextStart(index);
            case "tool_use" -> new StreamEvent.ToolUseStart(index, Json.string(block, "id", ""),
                    Json.string(block, "name", ""));
            default -> null;
        };
    }

    private static StreamEvent delta(int index, JsonObject delta) {
        return switch (Json.string(delta, "type", "")) {
            case "text_delta" -> new StreamEvent.TextDelta(index, Json.string(delta, "text", ""));
            case "input_json_delta" -> new StreamEvent.InputJsonDelta(index, Json.string(delta, "partial_json", ""));
            default -> null;
        };
    }

    private static JsonObject parse(String event, byte[] data, int length) throws ProviderDataException {
        try {
            return Json.object(data, length);
        } catch (JsonException | IllegalStateException e) {
            throw new ProviderDataException("invalid JSON in a " + event + " event", e);
        }
    }
}
