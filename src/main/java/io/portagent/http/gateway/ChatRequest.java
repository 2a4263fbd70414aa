package io.portagent.http.gateway;

import io.portagent.llm.ContentBlock;
import io.portagent.llm.LlmMessage;
import io.portagent.llm.LlmRequest;
import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A Chat Completions request read into the neutral {@link LlmRequest}: system and developer
 * messages become the system prompt, user and assistant messages the conversation (text only,
 * consecutive ones of a role joined). What this gateway cannot honour is refused with a 400
 * naming the parameter (tools, images, {@code n} above 1); sampling settings are not passed on.
 */
record ChatRequest(LlmRequest request, boolean stream, boolean includeUsage) {

    private static final Set<String> SYSTEM_ROLES = Set.of("system", "developer");

    static ChatRequest parse(JsonObject json, int defaultMaxTokens) {
        String model = string(json, "model");
        int maxTokens = maxTokens(json, defaultMaxTokens);
        if (json.containsKey("n") && !(json.get("n") instanceof JsonNumber n && n.isIntegral() && n.intValue() == 1)) {
            throw GatewayError.unsupported("n", "Only n = 1 is supported");
        }
        for (String field : List.of("tools", "functions")) {
            if (json.get(field) instanceof JsonArray list && !list.isEmpty()) {
                throw GatewayError.unsupported(field, "Tools are not supported by this endpoint");
            }
        }
        if (!(json.get("messages") instanceof JsonArray messages) || messages.isEmpty()) {
            throw GatewayError.badRequest("messages", "messages must be a non-empty array");
        }
        List<String> system = new ArrayList<>();
        List<LlmMessage> conversation = new ArrayList<>();
        for (JsonValue value : messages) {
            read(value, system, conversation);
        }
        if (conversation.isEmpty()) {
            throw GatewayError.badRequest("messages", "messages must hold at least one user message with text");
        }
        return new ChatRequest(new LlmRequest(model, maxTokens, String.join("\n\n", system), conversation, List.of()),
                json.get("stream") == JsonValue.TRUE, json.get("stream_options") instanceof JsonObject options
                        && options.get("include_usage") == JsonValue.TRUE);
    }

    private static String string(JsonObject json, String field) {
        if (!(json.get(field) instanceof JsonString value) || value.getString().isBlank()) {
            throw GatewayError.badRequest(field, field + " is required (a string)");
        }
        return value.getString();
    }

    private static int maxTokens(JsonObject json, int defaultMaxTokens) {
        for (String field : List.of("max_completion_tokens", "max_tokens")) {
            JsonValue value = json.get(field);
            if (value != null && value.getValueType() != JsonValue.ValueType.NULL) {
                if (!(value instanceof JsonNumber n) || !n.isIntegral() || n.longValue() < 1
                        || n.longValue() > Integer.MAX_VALUE) {
                    throw GatewayError.badRequest(field, field + " must be a whole number of at least 1");
                }
                return n.intValue();
            }
        }
        return defaultMaxTokens;
    }

    private static void read(JsonValue value, List<String> system, List<LlmMessage> conversation) {
        if (!(value instanceof JsonObject message) || !(message.get("role") instanceof JsonString role)) {
            throw GatewayError.badRequest("messages", "each message must be an object with a role");
        }
        if (message.get("tool_calls") instanceof JsonArray calls && !calls.isEmpty()) {
            throw GatewayError.unsupported("messages", "Tool calls are not supported by this endpoint");
        }
        List<String> texts = texts(message.get("content"));
        String name = role.getString();
        if (SYSTEM_ROLES.contains(name)) {
            system.addAll(texts);
        } else if (LlmMessage.USER.equals(name) || LlmMessage.ASSISTANT.equals(name)) {
            append(conversation, name, texts);
        } else {
            throw GatewayError.unsupported("messages", "Messages of role '" + name + "' are not supported");
        }
    }

    /** The message's text: a string, or the {@code text} of its parts of type {@code text}; empty texts left out. */
    private static List<String> texts(JsonValue content) {
        if (content == null || content.getValueType() == JsonValue.ValueType.NULL) {
            return List.of();
        }
        if (content instanceof JsonString text) {
            return text.getString().isEmpty() ? List.of() : List.of(text.getString());
        }
        if (!(content instanceof JsonArray parts)) {
            throw GatewayError.badRequest("messages", "a message's content must be a string or an array of parts");
        }
        List<String> texts = new ArrayList<>();
        for (JsonValue part : parts) {
            if (!(part instanceof JsonObject p) || !"text".equals(p.getString("type", null))
                    || !(p.get("text") instanceof JsonString text)) {
                throw GatewayError.unsupported("messages", "Only text content is supported");
            }
            if (!text.getString().isEmpty()) {
                texts.add(text.getString());
            }
        }
        return texts;
    }

    private static void append(List<LlmMessage> conversation, String role, List<String> texts) {
        if (texts.isEmpty()) {
            return;
        }
        List<ContentBlock> blocks = new ArrayList<>();
        int last = conversation.size() - 1;
        if (last >= 0 && conversation.get(last).role().equals(role)) {
            blocks.addAll(conversation.remove(last).content());
        }
        texts.forEach(t -> blocks.add(new ContentBlock.Text(t)));
        conversation.add(new LlmMessage(role, blocks));
    }
}
