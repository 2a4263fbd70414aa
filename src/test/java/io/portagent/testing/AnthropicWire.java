package io.portagent.testing;

import io.portagent.testing.StreamPlan.Frame;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The Messages API's events: blocks with start, deltas and stop; message_delta and message_stop. */
final class AnthropicWire implements Wire {

    /** Refuses, as the Messages API does, a content block of an unknown type or a file part that is not what it says. */
    @Override
    public String validate(JsonObject body) {
        if (!(body.get("messages") instanceof JsonArray messages)) {
            return "messages: Field required";
        }
        for (JsonValue message : messages) {
            if (message.asJsonObject().get("content") instanceof JsonArray blocks) {
                for (JsonValue block : blocks) {
                    String problem = block(block.asJsonObject());
                    if (problem != null) {
                        return problem;
                    }
                }
            }
        }
        return null;
    }

    private static String block(JsonObject block) {
        String type = block.getString("type", "");
        JsonObject source = block.getJsonObject("source");
        return switch (type) {
            case "text", "tool_use", "tool_result" -> null;
            case "image" -> source == null || !"base64".equals(source.getString("type", "")) ? "image.source.type"
                    + " must be base64" : ContentChecks.image(source.getString("media_type", ""),
                    source.getString("data", ""));
            case "document" -> document(source);
            default -> "Input tag '" + type + "' found using 'type' does not match any of the expected tags";
        };
    }

    private static String document(JsonObject source) {
        if (source == null) {
            return "document.source: Field required";
        }
        if ("text".equals(source.getString("type", ""))) {
            return "text/plain".equals(source.getString("media_type", "")) && source.get("data") instanceof JsonString
                    ? null : "document.source: a text source needs media_type text/plain and data";
        }
        return "base64".equals(source.getString("type", "")) ? ContentChecks.pdf(source.getString("media_type", ""),
                source.getString("data", "")) : "document.source.type must be base64 or text";
    }

    @Override
    public String modelList(List<String> models) {
        jakarta.json.JsonArrayBuilder data = AnthropicJson.PROVIDER.createArrayBuilder();
        models.forEach(id -> data.add(AnthropicJson.PROVIDER.createObjectBuilder().add("type", "model").add("id", id)
                .add("display_name", id).add("created_at", "2025-05-14T00:00:00Z")));
        return AnthropicJson.PROVIDER.createObjectBuilder().add("data", data).add("has_more", false)
                .add("first_id", models.isEmpty() ? "" : models.get(0))
                .add("last_id", models.isEmpty() ? "" : models.get(models.size() - 1)).build().toString();
    }

    @Override
    public String invalidKeyType() {
        return "authentication_error";
    }

    @Override
    public String errorBody(String type, String message, String requestId) {
        return AnthropicJson.errorBody(type, message, requestId);
    }

    @Override
    public Frame start(String messageId, String model, int inputTokens) {
        return Frame.event("message_start", AnthropicJson.messageStart(messageId, model, inputTokens));
    }

    @Override
    public Frame error(String type, String message) {
        return Frame.event("error", AnthropicJson.errorEvent(type, message));
    }

    @Override
    public List<Frame> text(int block, List<String> deltas) {
        return block(AnthropicJson.textBlockStart(block), deltas.stream().map(d -> AnthropicJson.textDelta(block, d)),
                block);
    }

    @Override
    public List<Frame> reasoning(int block, List<String> deltas) {
        return block(AnthropicJson.thinkingBlockStart(block),
                deltas.stream().map(d -> AnthropicJson.thinkingDelta(block, d)), block);
    }

    private static List<Frame> block(String start, Stream<String> deltas, int block) {
        List<Frame> frames = new ArrayList<>();
        frames.add(Frame.event("content_block_start", start));
        deltas.forEach(d -> frames.add(Frame.delta(d)));
        frames.add(Frame.event("content_block_stop", AnthropicJson.blockStop(block)));
        return frames;
    }

    @Override
    public List<Frame> toolCall(int block, int call, String id, String name, List<String> pieces, boolean whole) {
        List<String> sent = whole ? List.of(String.join("", pieces)) : pieces;
        return block(AnthropicJson.toolUseBlockStart(block, id, name),
                sent.stream().map(p -> AnthropicJson.inputJsonDelta(block, p)), block);
    }

    @Override
    public Frame ping() {
        return Frame.event("ping", AnthropicJson.ping());
    }

    @Override
    public List<Frame> end(String stopReason, int inputTokens, int outputTokens) {
        return List.of(Frame.event("message_delta", AnthropicJson.messageDelta(stopReason, outputTokens)),
                Frame.event("message_stop", AnthropicJson.messageStop()));
    }
}
