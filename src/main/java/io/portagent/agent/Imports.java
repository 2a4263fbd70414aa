package io.portagent.agent;

import io.portagent.store.MessageRecord;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * A conversation brought back from a JSON export, as a new conversation of the caller's: each
 * message checked for the shape its kind has, and tool calls paired with their results (a model
 * refuses a history with an unanswered call). The messages belong to no turn, so they are context.
 */
final class Imports {

    static final int MAX_MESSAGES = 5_000;

    private Imports() {
    }

    static List<MessageRecord> records(String sessionId, List<ImportedMessage> messages) {
        if (messages.size() > MAX_MESSAGES) {
            throw invalid("an import holds at most " + MAX_MESSAGES + " messages");
        }
        List<MessageRecord> records = new ArrayList<>();
        Set<String> calls = new HashSet<>();
        Set<String> results = new HashSet<>();
        for (int i = 0; i < messages.size(); i++) {
            ImportedMessage m = messages.get(i);
            MessageKind kind = kind(m.subtype(), i);
            String content = switch (kind) {
                case USER, ASSISTANT -> MessageContent.text(string(m.content(), i));
                case TOOL_CALL -> {
                    JsonObject o = object(m.content(), i);
                    calls.add(field(o, "toolCallId", i));
                    yield MessageContent.toolCall(field(o, "toolCallId", i), field(o, "toolName", i),
                            o.getOrDefault("input", JsonValue.EMPTY_JSON_OBJECT));
                }
                case TOOL_RESULT -> {
                    JsonObject o = object(m.content(), i);
                    results.add(field(o, "toolCallId", i));
                    yield MessageContent.toolResult(field(o, "toolCallId", i), field(o, "toolName", i),
                            field(o, "result", i), o.getBoolean("isError", false));
                }
                case ERROR -> {
                    JsonObject o = object(m.content(), i);
                    yield MessageContent.error(field(o, "code", i), field(o, "message", i));
                }
            };
            records.add(new MessageRecord(UUID.randomUUID().toString(), sessionId, kind.role(), kind.wireName(),
                    content, m.timestamp(), null));
        }
        if (!calls.equals(results)) {
            throw invalid("every tool call needs its tool result, and every result its call");
        }
        return records;
    }

    private static MessageKind kind(String subtype, int i) {
        try {
            return MessageKind.of(subtype);
        } catch (IllegalArgumentException e) {
            throw invalid("messages[" + i + "].subtype must be user, assistant, tool-call, tool-result or error");
        }
    }

    private static String string(JsonValue content, int i) {
        if (content instanceof JsonString s && !s.getString().isBlank()) {
            return s.getString();
        }
        throw invalid("messages[" + i + "].content must be a non-empty string");
    }

    private static JsonObject object(JsonValue content, int i) {
        if (content instanceof JsonObject o) {
            return o;
        }
        throw invalid("messages[" + i + "].content must be an object");
    }

    private static String field(JsonObject o, String name, int i) {
        if (o.get(name) instanceof JsonString s) {
            return s.getString();
        }
        throw invalid("messages[" + i + "].content." + name + " must be a string");
    }

    private static AgentException invalid(String message) {
        return new AgentException("invalid_request", message);
    }
}
