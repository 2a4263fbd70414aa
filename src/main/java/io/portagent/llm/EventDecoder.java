package io.portagent.llm;

import jakarta.json.JsonObject;

/**
 * Turns the Messages API's SSE events into {@link StreamEvent}s. The event names and payload
 * shapes of the protocol live here and in {@link ProviderErrors} (for {@code error}) only.
 */
final class EventDecoder {

    /** The SSE event that carries a provider error mid-stream; see {@link ProviderErrors#fromEvent}. */
    static final String ERROR_EVENT = "error";

    private EventDecoder() {
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
                    Json.string(Json.child(json, "delta"), "stop_reason", null),
                    Json.integer(Json.child(json, "usage"), "output_tokens", 0));
            case "message_stop" -> new StreamEvent.MessageStop();
            default -> null;
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
}
