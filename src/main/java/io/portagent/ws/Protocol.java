package io.portagent.ws;

import io.portagent.agent.JsonSupport;
import io.portagent.agent.AgentException;
import io.portagent.agent.AgentRuntime;
import io.portagent.agent.AgentRuntime.Subscription;
import io.portagent.store.DiskFullException;
import io.portagent.store.ImageRecord;
import io.portagent.store.MessageRepository;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParsingException;
import java.io.StringReader;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request/response protocol: reads a frame, checks it, calls the runtime as the
 * connection's user, and answers that connection only. Bad frames get an error answer and the
 * socket stays open.
 */
final class Protocol {

    private static final JsonProvider JSON = JsonSupport.PROVIDER;

    private static final Logger LOG = LoggerFactory.getLogger(Protocol.class);
    private static final String SUFFIX = "_request";

    private final AgentRuntime runtime;

    Protocol(AgentRuntime runtime) {
        this.runtime = runtime;
    }

    void handle(Connection connection, String text) {
        JsonObject frame;
        try (JsonReader reader = JSON.createReader(new StringReader(text))) {
            JsonValue value = reader.readValue();
            if (value.getValueType() != JsonValue.ValueType.OBJECT) {
                throw new JsonParsingException("a frame must be a JSON object", null);
            }
            frame = value.asJsonObject();
        } catch (RuntimeException e) {
            connection.send(Frames.error(JsonValue.NULL, "error_response", "bad_request",
                    "Frames must be JSON objects: " + e.getMessage()));
            return;
        }
        JsonValue id = frame.getOrDefault("id", JsonValue.NULL);
        JsonValue type = frame.get("type");
        if (!(type instanceof JsonString typeName)) {
            connection.send(Frames.error(id, "error_response", "bad_request", "Every frame needs a string \"type\""));
            return;
        }
        dispatch(connection, id, typeName.getString(), frame.get("data"));
    }

    private void dispatch(Connection connection, JsonValue id, String type, JsonValue rawData) {
        String name = type.endsWith(SUFFIX) ? type.substring(0, type.length() - SUFFIX.length()) : type;
        String responseType = name + "_response";
        try {
            JsonObject data = data(rawData);
            Optional<JsonObject> answer = answer(connection, id, name, data);
            answer.ifPresent(result -> connection.send(Frames.response(id, name, result)));
        } catch (AgentException e) {
            connection.send(Frames.error(id, responseType, e.code(), e.getMessage()));
        } catch (DiskFullException e) { // the database told the operator, once
            connection.send(Frames.error(id, responseType, "storage_full", DiskFullException.USER_MESSAGE));
        } catch (RuntimeException e) {
            LOG.error("Request {} of user {} failed", type, connection.user.userId(), e);
            connection.send(Frames.error(id, responseType, "internal_error", "Something went wrong on the server;"
                    + " it has been logged."));
        }
    }

    /** The response data; empty when the handler sent its own response (subscribe answers before replaying). */
    private Optional<JsonObject> answer(Connection c, JsonValue id, String name, JsonObject data) {
        return switch (name) {
            case "image_list" -> Optional.of(imageList(c));
            case "image_create" -> Optional.of(image(c, runtime.conversations().create(c.caller,
                    optional(data, "name"), optional(data, "systemPrompt"))));
            case "image_update" -> Optional.of(image(c, runtime.conversations().rename(c.caller,
                    required(data, "imageId"), required(data, "name"))));
            case "image_delete" -> Optional.of(delete(c, required(data, "imageId")));
            case "image_messages" -> Optional.of(messages(c, required(data, "imageId")));
            case "subscribe" -> subscribe(c, id, required(data, "imageId"), afterSeq(data));
            case "unsubscribe" -> Optional.of(unsubscribe(c, required(data, "imageId")));
            case "message_send" -> Optional.of(send(c, required(data, "imageId"), required(data, "content")));
            case "agent_receive" -> Optional.of(send(c, optional(data, "agentId").or(() -> optional(data, "imageId"))
                    .orElseThrow(() -> missing("agentId")), required(data, "content")));
            case "agent_interrupt" -> Optional.of(interrupt(c, required(data, "imageId")));
            default -> throw new AgentException("unknown_type", "Unknown request type: " + name + SUFFIX);
        };
    }

    private JsonObject interrupt(Connection c, String imageId) {
        boolean interrupted = runtime.interrupt(c.caller, imageId);
        return JSON.createObjectBuilder().add("imageId", imageId).add("interrupted", interrupted).build();
    }

    private JsonObject imageList(Connection c) {
        JsonArrayBuilder images = JSON.createArrayBuilder();
        for (ImageRecord image : runtime.conversations().list(c.caller)) {
            images.add(Frames.image(image, runtime.isRunning(image.sessionId())));
        }
        return JSON.createObjectBuilder().add("images", images).build();
    }

    private JsonObject image(Connection c, ImageRecord image) {
        return JSON.createObjectBuilder().add("image", Frames.image(image, runtime.isRunning(image.sessionId())))
                .build();
    }

    private JsonObject delete(Connection c, String imageId) {
        runtime.delete(c.caller, imageId);
        Subscription subscription = c.subscriptions.remove(imageId);
        if (subscription != null) {
            runtime.unsubscribe(subscription);
        }
        return JSON.createObjectBuilder().add("imageId", imageId).build();
    }

    /** Messages and lastSeq from one snapshot: subscribing after that lastSeq continues exactly where they end. */
    private JsonObject messages(Connection c, String imageId) {
        MessageRepository.Snapshot snapshot = runtime.conversations().snapshot(c.caller, imageId);
        JsonArrayBuilder messages = JSON.createArrayBuilder();
        snapshot.messages().forEach(m -> messages.add(Frames.message(m)));
        return JSON.createObjectBuilder().add("imageId", imageId).add("messages", messages)
                .add("lastSeq", snapshot.lastSeq()).build();
    }

    /** Answers first, then the replayed events, then live ones: the sink holds events until the answer is out. */
    private Optional<JsonObject> subscribe(Connection c, JsonValue id, String imageId, Long afterSeq) {
        Subscription previous = c.subscriptions.remove(imageId);
        if (previous != null) {
            runtime.unsubscribe(previous);
        }
        HeldSink sink = new HeldSink(c);
        Subscription subscription = runtime.subscribe(c.caller, imageId, afterSeq, sink);
        c.subscriptions.put(imageId, subscription);
        c.send(Frames.response(id, "subscribe", JSON.createObjectBuilder().add("imageId", imageId)
                .add("lastSeq", subscription.lastSeq()).build()));
        sink.release();
        if (c.isClosed()) {
            unsubscribeAll(c);
        }
        return Optional.empty();
    }

    private JsonObject unsubscribe(Connection c, String imageId) {
        runtime.conversations().require(c.caller, imageId);
        Subscription subscription = c.subscriptions.remove(imageId);
        if (subscription != null) {
            runtime.unsubscribe(subscription);
        }
        return JSON.createObjectBuilder().add("imageId", imageId).build();
    }

    private JsonObject send(Connection c, String imageId, String content) {
        String messageId = runtime.send(c.caller, imageId, content);
        return JSON.createObjectBuilder().add("imageId", imageId).add("messageId", messageId).build();
    }

    void unsubscribeAll(Connection c) {
        for (String imageId : c.subscriptions.keySet()) {
            Subscription subscription = c.subscriptions.remove(imageId);
            if (subscription != null) {
                runtime.unsubscribe(subscription);
            }
        }
    }

    private static JsonObject data(JsonValue raw) {
        if (raw == null || raw.getValueType() == JsonValue.ValueType.NULL) {
            return JsonValue.EMPTY_JSON_OBJECT;
        }
        if (raw.getValueType() != JsonValue.ValueType.OBJECT) {
            throw new AgentException("invalid_request", "\"data\" must be an object");
        }
        return raw.asJsonObject();
    }

    private static String required(JsonObject data, String field) {
        return optional(data, field).orElseThrow(() -> missing(field));
    }

    private static Optional<String> optional(JsonObject data, String field) {
        JsonValue value = data.get(field);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return Optional.empty();
        }
        if (!(value instanceof JsonString text)) {
            throw new AgentException("invalid_request", "\"" + field + "\" must be a string");
        }
        return Optional.of(text.getString());
    }

    private static Long afterSeq(JsonObject data) {
        JsonValue value = data.get("afterSeq");
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (!(value instanceof JsonNumber number) || !number.isIntegral() || number.longValue() < 0) {
            throw new AgentException("invalid_request", "\"afterSeq\" must be a whole number of 0 or more");
        }
        return number.longValue();
    }

    private static AgentException missing(String field) {
        return new AgentException("invalid_request", "\"" + field + "\" is required");
    }
}
