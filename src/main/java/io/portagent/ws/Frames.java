package io.portagent.ws;

import io.portagent.agent.JsonSupport;
import io.portagent.store.ImageRecord;
import io.portagent.store.MessageRecord;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;

/** The JSON of responses, errors and the objects they carry (docs/websocket-protocol.md). */
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

    static JsonObject image(ImageRecord image, boolean running) {
        JsonObjectBuilder json = JSON.createObjectBuilder().add("imageId", image.imageId()).add("name", image.name());
        if (image.systemPrompt() == null) {
            json.addNull("systemPrompt");
        } else {
            json.add("systemPrompt", image.systemPrompt());
        }
        return json.add("createdAt", image.createdAt()).add("updatedAt", image.updatedAt()).add("running", running)
                .build();
    }

    static JsonObject message(MessageRecord message) {
        return JSON.createObjectBuilder().add("messageId", message.messageId()).add("role", message.role())
                .add("subtype", message.subtype()).add("content", parse(message.content()))
                .add("timestamp", message.timestamp()).build();
    }

    private static JsonValue parse(String json) {
        try (JsonReader reader = JSON.createReader(new StringReader(json))) {
            return reader.readValue();
        }
    }
}
