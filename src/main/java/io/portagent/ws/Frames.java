package io.portagent.ws;

import io.portagent.agent.Conversation;
import io.portagent.agent.History;
import io.portagent.agent.JsonSupport;
import io.portagent.agent.Attachment;
import io.portagent.agent.Message;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.util.List;

/**
 * The JSON of responses, errors and the objects they carry (docs/websocket-protocol.md). The
 * protocol's names stay here: a conversation is an {@code Image}, a message's kind its
 * {@code subtype}.
 */
final class Frames {

    private static final JsonProvider JSON = JsonSupport.PROVIDER;

    private Frames() {
    }

    static String response(JsonValue id, String name, JsonObject data) {
        return JSON.createObjectBuilder().add("id", id).add("type", name + "_response").add("data", data).build()
                .toString();
    }

    static String error(JsonValue id, String type, String code, String message) {
        return JSON.createObjectBuilder().add("id", id).add("type", type)
                .add("error", JSON.createObjectBuilder().add("code", code).add("message", message)).build().toString();
    }

    static JsonObject image(Conversation conversation, boolean running) {
        JsonObjectBuilder json = JSON.createObjectBuilder().add("imageId", conversation.id())
                .add("name", conversation.name());
        if (conversation.systemPrompt() == null) {
            json.addNull("systemPrompt");
        } else {
            json.add("systemPrompt", conversation.systemPrompt());
        }
        return json.add("model", conversation.model()).add("createdAt", conversation.createdAt())
                .add("updatedAt", conversation.updatedAt()).add("running", running).build();
    }

    static JsonObject message(Message message) {
        JsonObjectBuilder json = JSON.createObjectBuilder().add("messageId", message.id())
                .add("role", message.kind().role()).add("subtype", message.kind().wireName())
                .add("content", parse(message.content())).add("timestamp", message.timestamp());
        if (message.turnId() != null) {
            json.add("turnId", message.turnId());
        }
        if (!message.attachments().isEmpty()) {
            json.add("attachments", attachments(message.attachments()));
        }
        return (message.model() == null ? json : json.add("model", message.model())).build();
    }

    static JsonArrayBuilder attachments(List<Attachment> attachments) {
        JsonArrayBuilder list = JSON.createArrayBuilder();
        attachments.forEach(a -> list.add(attachment(a)));
        return list;
    }

    static JsonObject attachment(Attachment a) {
        return JSON.createObjectBuilder().add("attachmentId", a.id()).add("name", a.name())
                .add("mediaType", a.mediaType()).add("size", a.size()).build();
    }

    static JsonObject usage(History.Usage usage) {
        return JSON.createObjectBuilder().add("inputTokens", usage.inputTokens())
                .add("outputTokens", usage.outputTokens()).build();
    }

    static JsonObject turn(History.Turn turn) {
        JsonObjectBuilder json = JSON.createObjectBuilder().add("turnId", turn.turnId()).add("status", turn.status())
                .add("inputTokens", turn.usage().inputTokens()).add("outputTokens", turn.usage().outputTokens());
        return (turn.stopCause() == null ? json : json.add("stopCause", turn.stopCause())).build();
    }

    private static JsonValue parse(String json) {
        try (JsonReader reader = JSON.createReader(new StringReader(json))) {
            return reader.readValue();
        }
    }
}
