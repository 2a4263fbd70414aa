package io.portagent.http;

import io.portagent.agent.Conversation;
import io.portagent.agent.History;
import io.portagent.agent.Message;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.Locale;

/** One conversation written out for its owner: as Markdown to read, or as JSON to keep or import. */
final class ConversationExport {

    static final String JSON_FORMAT = "portagent-conversation";

    private ConversationExport() {
    }

    static String json(Conversation conversation, History history, long exportedAt) {
        JsonArrayBuilder messages = Json.createArrayBuilder();
        for (Message message : history.messages()) {
            JsonObjectBuilder m = Json.createObjectBuilder().add("role", message.kind().role())
                    .add("subtype", message.kind().wireName()).add("content", parse(message.content()))
                    .add("timestamp", message.timestamp());
            messages.add(message.model() == null ? m : m.add("model", message.model()));
        }
        JsonObjectBuilder about = Json.createObjectBuilder().add("name", conversation.name())
                .add("createdAt", conversation.createdAt()).add("updatedAt", conversation.updatedAt());
        about.add("systemPrompt", conversation.systemPrompt() == null ? JsonValue.NULL
                : Json.createValue(conversation.systemPrompt()));
        about.add("model", conversation.model() == null ? JsonValue.NULL : Json.createValue(conversation.model()));
        return Json.createObjectBuilder().add("format", JSON_FORMAT).add("version", 1).add("exportedAt", exportedAt)
                .add("conversation", about).add("messages", messages).build().toString();
    }

    static String markdown(Conversation conversation, History history) {
        StringBuilder out = new StringBuilder("# ").append(conversation.name().replace('\n', ' ')).append("\n");
        for (Message message : history.messages()) {
            JsonValue content = parse(message.content());
            switch (message.kind()) {
                case USER -> out.append("\n## You\n\n").append(text(content)).append('\n');
                case ASSISTANT -> out.append("\n## Assistant").append(message.model() == null ? ""
                        : " (" + message.model() + ")").append("\n\n").append(text(content)).append('\n');
                case TOOL_CALL -> out.append("\n### Tool call: ").append(field(content, "toolName"))
                        .append("\n\n```json\n").append(value(content, "input")).append("\n```\n");
                case TOOL_RESULT -> out.append("\n### Tool result").append(isError(content) ? " (failed)" : "")
                        .append("\n\n").append(fence(field(content, "result"))).append('\n');
                case ERROR -> out.append("\n> **Error:** ").append(field(content, "message")).append('\n');
            }
        }
        return out.toString();
    }

    /** A file name from the title: letters, digits, dashes; never empty. */
    static String fileName(Conversation conversation, String extension) {
        String base = conversation.name().toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}]+", "-")
                .replaceAll("^-+|-+$", "");
        return (base.isEmpty() ? "conversation" : base.substring(0, Math.min(60, base.length()))) + "." + extension;
    }

    private static String fence(String text) {
        String ticks = "```";
        while (text.contains(ticks)) {
            ticks += "`";
        }
        return ticks + "\n" + text + "\n" + ticks;
    }

    private static JsonValue parse(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            return reader.readValue();
        }
    }

    private static String text(JsonValue content) {
        return content instanceof JsonString s ? s.getString() : content.toString();
    }

    private static String field(JsonValue content, String name) {
        return content instanceof JsonObject o && o.get(name) instanceof JsonString s ? s.getString() : "";
    }

    private static String value(JsonValue content, String name) {
        return content instanceof JsonObject o && o.containsKey(name) ? o.get(name).toString() : "{}";
    }

    private static boolean isError(JsonValue content) {
        return content instanceof JsonObject o && o.getBoolean("isError", false);
    }
}
