package io.portagent.testing;

import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;

/**
 * Renders the JSON payloads of Anthropic's Messages streaming protocol and error bodies, in the
 * field order of Anthropic's public documentation.
 */
final class AnthropicJson {

    /**
     * Looked up once: {@code jakarta.json.Json}'s static methods resolve the provider through a
     * ServiceLoader on every call, which is needless work when a benchmark renders thousands of
     * message_start events.
     */
    static final JsonProvider PROVIDER = JsonProvider.provider();

    private AnthropicJson() {
    }

    static String messageStart(String messageId, String model, int inputTokens) {
        JsonObject message = object()
                .add("id", messageId)
                .add("type", "message")
                .add("role", "assistant")
                .add("model", model)
                .add("content", PROVIDER.createArrayBuilder())
                .addNull("stop_reason")
                .addNull("stop_sequence")
                .add("usage", object().add("input_tokens", inputTokens).add("output_tokens", 1))
                .build();
        return object().add("type", "message_start").add("message", message).build().toString();
    }

    static String textBlockStart(int index) {
        return blockStart(index, object().add("type", "text").add("text", ""));
    }

    static String toolUseBlockStart(int index, String id, String name) {
        return blockStart(index, object()
                .add("type", "tool_use")
                .add("id", id)
                .add("name", name)
                .add("input", object()));
    }

    static String thinkingBlockStart(int index) {
        return blockStart(index, object().add("type", "thinking").add("thinking", ""));
    }

    static String thinkingDelta(int index, String thinking) {
        return blockDelta(index, object().add("type", "thinking_delta").add("thinking", thinking));
    }

    static String textDelta(int index, String text) {
        return blockDelta(index, object().add("type", "text_delta").add("text", text));
    }

    static String inputJsonDelta(int index, String partialJson) {
        return blockDelta(index, object().add("type", "input_json_delta").add("partial_json", partialJson));
    }

    static String blockStop(int index) {
        return object().add("type", "content_block_stop").add("index", index).build().toString();
    }

    static String messageDelta(String stopReason, int outputTokens) {
        return object()
                .add("type", "message_delta")
                .add("delta", object().add("stop_reason", stopReason).addNull("stop_sequence"))
                .add("usage", object().add("output_tokens", outputTokens))
                .build().toString();
    }

    static String messageStop() {
        return object().add("type", "message_stop").build().toString();
    }

    static String ping() {
        return object().add("type", "ping").build().toString();
    }

    /** The payload of the {@code error} SSE event sent mid-stream. */
    static String errorEvent(String errorType, String message) {
        return object().add("type", "error").add("error", error(errorType, message)).build().toString();
    }

    /** The body of an HTTP error response; the request_id mirrors the {@code request-id} header. */
    static String errorBody(String errorType, String message, String requestId) {
        return object()
                .add("type", "error")
                .add("error", error(errorType, message))
                .add("request_id", requestId)
                .build().toString();
    }

    private static JsonObjectBuilder error(String errorType, String message) {
        return object().add("type", errorType).add("message", message);
    }

    private static String blockStart(int index, JsonObjectBuilder block) {
        return object()
                .add("type", "content_block_start")
                .add("index", index)
                .add("content_block", block)
                .build().toString();
    }

    private static String blockDelta(int index, JsonObjectBuilder delta) {
        return object()
                .add("type", "content_block_delta")
                .add("index", index)
                .add("delta", delta)
                .build().toString();
    }

    private static JsonObjectBuilder object() {
        return PROVIDER.createObjectBuilder();
    }
}
