package io.portagent.agent;

import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonGenerator;
import java.io.StringReader;
import java.io.StringWriter;

/**
 * One event of a session, serialised to its wire JSON once, when it is created: every
 * subscriber and the store get the same string. The wire names its conversation twice, as
 * {@code imageId} and as {@code agentId} (docs/websocket-protocol.md).
 */
public record AgentEvent(EventType type, long seq, long timestamp, String json) {

    private static final JsonProvider JSON = JsonSupport.PROVIDER;

    static AgentEvent create(EventType type, long seq, long timestamp, EventContext context, JsonObject data) {
        StringWriter out = new StringWriter(128);
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.writeStartObject()
                    .write("type", type.wireName())
                    .write("seq", seq)
                    .write("timestamp", timestamp)
                    .write("data", data)
                    .writeStartObject("context")
                    .write("containerId", context.containerId())
                    .write("imageId", context.conversationId())
                    .write("sessionId", context.sessionId())
                    .write("agentId", context.conversationId());
            if (context.turnId() != null) {
                g.write("turnId", context.turnId());
            }
            g.writeEnd().writeEnd();
        }
        return new AgentEvent(type, seq, timestamp, out.toString());
    }

    /** Reads back an event stored as JSON (for replay from the database). */
    static AgentEvent parse(String json) {
        try (JsonReader reader = JSON.createReader(new StringReader(json))) {
            JsonObject object = reader.readObject();
            return new AgentEvent(EventType.of(object.getString("type")), object.getJsonNumber("seq").longValue(),
                    object.getJsonNumber("timestamp").longValue(), json);
        }
    }
}
