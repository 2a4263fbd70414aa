package io.portagent.ws;

import io.portagent.agent.AgentException;
import io.portagent.agent.AgentRuntime;
import io.portagent.agent.AgentRuntime.Subscription;
import io.portagent.agent.AttachmentRef;
import io.portagent.agent.Conversation;
import io.portagent.agent.Conversations;
import io.portagent.agent.ConversationWatcher;
import io.portagent.agent.History;
import io.portagent.agent.JsonSupport;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonParsingException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;
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
    /** The largest page of the conversation list a client may ask for. */
    static final int MAX_PAGE = 1_000;

    private final AgentRuntime runtime;
    private final Connections connections;

    Protocol(AgentRuntime runtime, Connections connections) {
        this.runtime = runtime;
        this.connections = connections;
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
        String suffix = RequestType.SUFFIX;
        String name = type.endsWith(suffix) ? type.substring(0, type.length() - suffix.length()) : type;
        String responseType = name + "_response";
        try {
            RequestType request = RequestType.of(name).filter(t -> type.endsWith(suffix)).orElseThrow(() ->
                    new AgentException("unknown_type", "Unknown request type: " + type));
            Optional<JsonObject> answer = answer(connection, id, request, data(rawData));
            answer.ifPresent(result -> connection.send(Frames.response(id, name, result)));
        } catch (AgentException e) {
            connection.send(Frames.error(id, responseType, e.code(), e.getMessage()));
        } catch (RuntimeException e) {
            LOG.error("Request {} of user {} failed", type, connection.user.userId(), e);
            connection.send(Frames.error(id, responseType, "internal_error", "Something went wrong on the server;"
                    + " it has been logged."));
        }
    }

    /** The response data; empty when the handler sent its own response (subscribe answers before replaying). */
    private Optional<JsonObject> answer(Connection c, JsonValue id, RequestType request, JsonObject data) {
        return switch (request) {
            case IMAGE_LIST -> Optional.of(imageList(c, data));
            case IMAGE_CREATE -> Optional.of(told(c, "image_created", image(runtime.conversations().create(c.caller,
                    optional(data, "name"), optional(data, "systemPrompt"), optional(data, "model")))));
            case IMAGE_UPDATE -> Optional.of(told(c, "image_updated", image(runtime.conversations().update(c.caller,
                    required(data, "imageId"), optional(data, "name"), optional(data, "model")))));
            case MODEL_LIST -> Optional.of(modelList(c));
            case IMAGE_DELETE -> Optional.of(told(c, "image_deleted", delete(c, required(data, "imageId"))));
            case IMAGE_MESSAGES -> Optional.of(messages(c, required(data, "imageId")));
            case SUBSCRIBE -> subscribe(c, id, required(data, "imageId"), afterSeq(data));
            case UNSUBSCRIBE -> Optional.of(unsubscribe(c, required(data, "imageId")));
            case MESSAGE_SEND -> Optional.of(sent(required(data, "imageId"), send(c, data)));
            case MESSAGE_RETRY -> Optional.of(sent(required(data, "imageId"),
                    runtime.retry(c.caller, required(data, "imageId"))));
            case MESSAGE_REGENERATE -> Optional.of(sent(required(data, "imageId"),
                    runtime.regenerate(c.caller, required(data, "imageId"), optional(data, "content"))));
            case AGENT_RECEIVE -> {
                String imageId = optional(data, "agentId").or(() -> optional(data, "imageId"))
                        .orElseThrow(() -> missing("agentId"));
                yield Optional.of(sent(imageId, runtime.send(c.caller, imageId, required(data, "content"))));
            }
            case AGENT_INTERRUPT -> Optional.of(interrupt(c, required(data, "imageId")));
        };
    }

    /**
     * The user's other sockets hear of the change as a notice: {@code type} and the response's
     * data, no id, no seq; those on other nodes through the runtime ({@link ConversationFeed} there).
     */
    private JsonObject told(Connection c, String type, JsonObject data) {
        connections.toOtherTabs(c, JSON.createObjectBuilder().add("type", type).add("data", data).build().toString());
        boolean deleted = "image_deleted".equals(type);
        String imageId = deleted ? data.getString("imageId") : data.getJsonObject("image").getString("imageId");
        runtime.announce(c.caller, imageId, deleted ? ConversationWatcher.Change.DELETED
                : "image_created".equals(type) ? ConversationWatcher.Change.CREATED : ConversationWatcher.Change.UPDATED);
        return data;
    }

    private JsonObject interrupt(Connection c, String imageId) {
        boolean interrupted = runtime.interrupt(c.caller, imageId);
        return JSON.createObjectBuilder().add("imageId", imageId).add("interrupted", interrupted).build();
    }

    /** The whole list, or with {@code limit} one page of it and the cursor of the next ({@code nextCursor}). */
    private JsonObject imageList(Connection c, JsonObject data) {
        Integer limit = limit(data);
        Optional<String> cursor = optional(data, "cursor");
        if (limit == null && cursor.isPresent()) {
            throw new AgentException("invalid_request", "\"cursor\" needs a \"limit\"");
        }
        JsonArrayBuilder images = JSON.createArrayBuilder();
        if (limit == null) {
            runtime.conversations().list(c.caller).forEach(i -> images.add(Frames.image(i, runtime.isRunning(i))));
            return JSON.createObjectBuilder().add("images", images).build();
        }
        Conversations.Page page = runtime.conversations().page(c.caller, cursor.orElse(null), limit);
        page.conversations().forEach(i -> images.add(Frames.image(i, runtime.isRunning(i))));
        JsonObjectBuilder answer = JSON.createObjectBuilder().add("images", images);
        return (page.nextCursor() == null ? answer.addNull("nextCursor") : answer.add("nextCursor", page.nextCursor()))
                .build();
    }

    private JsonObject modelList(Connection c) {
        JsonArrayBuilder models = JSON.createArrayBuilder();
        runtime.conversations().models(c.caller).forEach(m -> models.add(JSON.createObjectBuilder().add("id", m.id())
                .add("provider", m.provider())));
        return JSON.createObjectBuilder().add("models", models).build();
    }

    private JsonObject image(Conversation conversation) {
        return JSON.createObjectBuilder().add("image", Frames.image(conversation, runtime.isRunning(conversation)))
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
        History history = runtime.snapshot(c.caller, imageId);
        JsonArrayBuilder messages = JSON.createArrayBuilder();
        history.messages().forEach(m -> messages.add(Frames.message(m)));
        JsonArrayBuilder turns = JSON.createArrayBuilder();
        history.turns().forEach(t -> turns.add(Frames.turn(t)));
        return JSON.createObjectBuilder().add("imageId", imageId).add("messages", messages).add("turns", turns)
                .add("lastSeq", history.lastSeq()).add("lastTurn", history.lastTurn().<JsonValue>map(Frames::usage)
                        .orElse(JsonValue.NULL)).build();
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

    private static JsonObject sent(String imageId, String messageId) {
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

    /** A send with files may leave out its text; without files the text is required. */
    private String send(Connection c, JsonObject data) {
        List<AttachmentRef> files = attachments(data);
        String content = files.isEmpty() ? required(data, "content") : optional(data, "content").orElse("");
        return runtime.send(c.caller, required(data, "imageId"), content, files);
    }

    /** {@code attachments}: each {@code {attachmentId}} or {@code {name, mediaType, data}}. */
    private static List<AttachmentRef> attachments(JsonObject data) {
        JsonValue value = data.get("attachments");
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return List.of();
        }
        if (!(value instanceof JsonArray list)) {
            throw new AgentException("invalid_request", "\"attachments\" must be an array");
        }
        List<AttachmentRef> refs = new ArrayList<>();
        for (JsonValue item : list) {
            if (!(item instanceof JsonObject file)) {
                throw new AgentException("invalid_request", "each attachment must be an object");
            }
            Optional<String> id = optional(file, "attachmentId");
            refs.add(id.isPresent() ? new AttachmentRef.Uploaded(id.get()) : new AttachmentRef.Inline(
                    required(file, "name"), required(file, "mediaType"), required(file, "data")));
        }
        return refs;
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

    /** A page size of 1 to {@link #MAX_PAGE}, or null when not given. */
    private static Integer limit(JsonObject data) {
        JsonValue value = data.get("limit");
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (!(value instanceof JsonNumber number) || !number.isIntegral() || number.longValue() < 1
                || number.longValue() > MAX_PAGE) {
            throw new AgentException("invalid_request", "\"limit\" must be a whole number from 1 to " + MAX_PAGE);
        }
        return number.intValue();
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
