package io.portagent.agent;

import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;

/**
 * One event of a session, serialised to its wire JSON once, when it is created: every
 * subscriber and the store get the same string. The wire names its conversation twice, as
 * {@code imageId} and as {@code agentId} (docs/websocket-protocol.md).
 */
public record AgentEvent(EventType type, long seq, long timestamp, String json) {

    private static final JsonProvider JSON = JsonSupport.PROVIDER;

    static AgentEvent create(EventType type, long seq, long timestamp, EventContext context, JsonObject data) {
        return create(type, seq, timestamp, contextJson(context), data.toString());
    }

    /**
     * The event from its parts already in JSON: {@code contextJson} (see {@link #contextJson}) is the
     * same for every event of a turn, so a turn renders it once.
     */
    static AgentEvent create(EventType type, long seq, long timestamp, String contextJson, String dataJson) {
        // a concatenation sizes the string first and copies each part once (a builder copies it all twice)
        String json = "{\"type\":\"" + type.wireName() + "\",\"seq\":" + seq + ",\"timestamp\":" + timestamp
                + ",\"data\":" + dataJson + ",\"context\":" + contextJson + '}';
        return new AgentEvent(type, seq, timestamp, json);
    }

    /** The {@code context} object of an event. */
    static String contextJson(EventContext context) {
        StringBuilder json = new StringBuilder(200).append("{\"containerId\":");
        JsonText.quote(json, context.containerId()).append(",\"imageId\":");
        JsonText.quote(json, context.conversationId()).append(",\"sessionId\":");
        JsonText.quote(json, context.sessionId()).append(",\"agentId\":");
        JsonText.quote(json, context.conversationId());
        if (context.turnId() != null) {
            JsonText.quote(json.append(",\"turnId\":"), context.turnId());
        }
        return json.append('}').toString();
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
