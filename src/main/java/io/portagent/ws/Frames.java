package io.portagent.ws;

import io.portagent.store.ImageRecord;
import io.portagent.store.MessageRecord;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;

/** The JSON of responses, errors and the objects they carry (docs/websocket-protocol.md). */
final class Frames {

    private Frames() {
    }

    static String response(JsonValue id, String name, JsonObject data) {
        return Json.createObjectBuilder().add("id", id).add("type", name + "_response").add("data", data).build()
                .toString();
    }

    static String error(JsonValue id, String type, String code, String message) {
        return Json.createObjectBuilder().add("id", id).add("type", type)
                .add("error", Json.createObjectBuilder().add("code", code).add("message", message)).build().toString();
    }

    static JsonObject image(ImageRecord image, boolean running) {
        JsonObjectBuilder json = Json.createObjectBuilder().add("imageId", image.imageId()).add("name", image.name());
        if (image.systemPrompt() == null) {
            json.addNull("systemPrompt");
        } else {
            json.add("systemPrompt", image.systemPrompt());
        }
        return json.add("createdAt", image.createdAt()).add("updatedAt", image.updatedAt()).add("running", running)
                .build();
    }

    static JsonObject message(MessageRecord message) {
        return Json.createObjectBuilder().add("messageId", message.messageId()).add("role", message.role())
                .add("subtype", message.subtype()).add("content", parse(message.content()))
                .add("timestamp", message.timestamp()).build();
    }

    private static JsonValue parse(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            return reader.readValue();
        }
    }
}
