package io.portagent.testing;

import io.portagent.testing.StreamPlan.Frame;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Chat Completions chunks ({@code data:} lines without event names) until {@code data: [DONE]};
 * tool calls by {@code index}; reasoning as {@code reasoning_content}; the finish reason, then the
 * usage chunk. Refuses, as OpenAI and vLLM do, a history that breaks the {@code tool_call_id} rule.
 */
final class OpenAiWire implements Wire {

    static final String UNANSWERED = "An assistant message with 'tool_calls' must be followed by tool messages"
            + " responding to each 'tool_call_id'. The following tool_call_ids did not have response messages: ";
    static final String STRAY = "Invalid parameter: messages with role 'tool' must be a response to a preceding"
            + " message with 'tool_calls'.";

    @Override
    public String validate(JsonObject body) {
        if (!(body.get("messages") instanceof JsonArray messages)) {
            return "messages: Field required";
        }
        Set<String> pending = new LinkedHashSet<>();
        for (JsonValue value : messages) {
            JsonObject message = value.asJsonObject();
            String role = message.getString("role", "");
            String parts = parts(message);
            if (parts != null) {
                return parts;
            }
            if ("tool".equals(role)) {
                if (!pending.remove(message.getString("tool_call_id", ""))) {
                    return STRAY;
                }
                continue;
            }
            if (!pending.isEmpty()) {
                return UNANSWERED + String.join(", ", pending);
            }
            if ("assistant".equals(role) && message.get("tool_calls") instanceof JsonArray calls) {
                calls.forEach(call -> pending.add(call.asJsonObject().getString("id", "")));
            }
        }
        return pending.isEmpty() ? null : UNANSWERED + String.join(", ", pending);
    }

    /** A user message's content as parts: text, an image as a base64 data URL, a file (PDF) as one. */
    private static String parts(JsonObject message) {
        if (!(message.get("content") instanceof JsonArray parts)) {
            return null;
        }
        for (JsonValue value : parts) {
            JsonObject part = value.asJsonObject();
            String problem = switch (part.getString("type", "")) {
                case "text" -> part.get("text") instanceof jakarta.json.JsonString ? null : "text part needs text";
                case "image_url" -> dataUrl(part.getJsonObject("image_url") == null ? ""
                        : part.getJsonObject("image_url").getString("url", ""), true);
                case "file" -> part.getJsonObject("file") == null || part.getJsonObject("file").getString("filename",
                        "").isEmpty() ? "file part needs filename" : dataUrl(part.getJsonObject("file")
                        .getString("file_data", ""), false);
                default -> "Invalid content part type: " + part.getString("type", "");
            };
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    private static String dataUrl(String url, boolean image) {
        int comma = url.indexOf(";base64,");
        if (!url.startsWith("data:") || comma < 0) {
            return "Invalid data URL";
        }
        String mediaType = url.substring(5, comma);
        String data = url.substring(comma + 8);
        return image ? ContentChecks.image(mediaType, data) : ContentChecks.pdf(mediaType, data);
    }

    @Override
    public String modelList(List<String> models) {
        jakarta.json.JsonArrayBuilder data = AnthropicJson.PROVIDER.createArrayBuilder();
        models.forEach(id -> data.add(AnthropicJson.PROVIDER.createObjectBuilder().add("id", id).add("object", "model")
                .add("created", 1_700_000_000L).add("owned_by", "fake")));
        return AnthropicJson.PROVIDER.createObjectBuilder().add("object", "list").add("data", data).build().toString();
    }

    @Override
    public String invalidKeyType() {
        return "invalid_api_key";
    }

    @Override
    public String errorBody(String type, String message, String requestId) {
        return OpenAiJson.error(type, message);
    }

    @Override
    public Frame start(String messageId, String model, int inputTokens) {
        return Frame.data(OpenAiJson.first(messageId, model), false);
    }

    @Override
    public Frame error(String type, String message) {
        return Frame.data(OpenAiJson.error(type, message), false);
    }

    @Override
    public List<Frame> text(int block, List<String> deltas) {
        return deltas.stream().map(d -> Frame.data(OpenAiJson.content(d), true)).toList();
    }

    @Override
    public List<Frame> reasoning(int block, List<String> deltas) {
        return deltas.stream().map(d -> Frame.data(OpenAiJson.reasoning(d), true)).toList();
    }

    @Override
    public List<Frame> toolCall(int block, int call, String id, String name, List<String> pieces, boolean whole) {
        if (whole) {
            return List.of(Frame.data(OpenAiJson.toolCall(call, id, name, String.join("", pieces)), true));
        }
        List<Frame> frames = new ArrayList<>();
        frames.add(Frame.data(OpenAiJson.toolCall(call, id, name, ""), false));
        pieces.forEach(p -> frames.add(Frame.data(OpenAiJson.toolCall(call, null, null, p), true)));
        return frames;
    }

    @Override
    public Frame ping() {
        return Frame.comment(" ping");
    }

    @Override
    public List<Frame> end(String stopReason, int inputTokens, int outputTokens) {
        return List.of(Frame.data(OpenAiJson.finish(finishReason(stopReason)), false),
                Frame.data(OpenAiJson.usage(inputTokens, outputTokens), false),
                Frame.data("[DONE]", false));
    }

    /** Anthropic's stop reasons, which scripts use, in OpenAI's words; others pass verbatim. */
    static String finishReason(String stopReason) {
        return switch (stopReason) {
            case "end_turn" -> "stop";
            case "tool_use" -> "tool_calls";
            case "max_tokens" -> "length";
            default -> stopReason;
        };
    }
}
