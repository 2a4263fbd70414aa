package io.portagent.agent;

import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The events of one turn, each built with its data (docs/websocket-protocol.md) and appended to the
 * session's log; {@code model} is the turn's model (null if unknown), which each answer's start names.
 * The context part of every event is rendered once per turn, and the data of each event is
 * written straight into its text ({@link JsonFields}), without a JSON-P object.
 *
 * <p>Text deltas are joined at the source when readers cannot take them as fast as they come: a
 * delta that arrives while a subscriber's socket is still sending an earlier frame is held, and
 * goes out as soon as every socket has sent what it had ({@link SessionLog#sinkFree()}, on the
 * socket's completion), with the next delta that finds every socket free, or after
 * {@link #HOLD_MS} at the latest, whichever comes first; any other event sends the held text
 * first. Every subscriber, and a replay, sees the same events and seqs; when the sockets keep up
 * (the usual case) nothing is held. Thread-safe: the model client's thread, the sockets'
 * completions and the hold timer all write here.
 */
final class TurnEvents {

    private static final JsonProvider JSON = JsonSupport.PROVIDER;
    /** The longest a text delta waits for a busy socket before it is appended anyway. */
    static final long HOLD_MS = 40;

    private final SessionLog log;
    /** Appends held text once its time is up (the runtime's timer: a short append, no I/O); null: nothing is held. */
    private final ScheduledExecutorService timer;
    private final String contextJson;
    private final String model;
    private final StringBuilder held = new StringBuilder();
    private boolean flushPending;
    /** Whether text is held: read without the lock by a socket's completion, which then tries to send it. */
    private volatile boolean holding;

    TurnEvents(SessionLog log, EventContext context, String model, ScheduledExecutorService timer) {
        this.log = log;
        this.timer = timer;
        this.contextJson = AgentEvent.contextJson(context);
        this.model = model;
        if (timer != null) {
            log.whenFree(this::socketFree);
        }
    }

    /** The stored prompt, with the files it carries (the same fields as a history message's {@code attachments}). */
    void userMessage(String messageId, String text, List<Attachment> files) {
        JsonFields data = new JsonFields().add("messageId", messageId).add("content", text);
        if (!files.isEmpty()) {
            JsonArrayBuilder list = JSON.createArrayBuilder();
            files.forEach(f -> list.add(JSON.createObjectBuilder().add("attachmentId", f.id()).add("name", f.name())
                    .add("mediaType", f.mediaType()).add("size", f.size())));
            data.addJson("attachments", list.build().toString());
        }
        emit(EventType.USER_MESSAGE, data);
    }

    void messageStart(String messageId) {
        JsonFields data = new JsonFields().add("messageId", messageId).add("role", "assistant");
        emit(EventType.MESSAGE_START, model == null ? data : data.add("model", model));
    }

    synchronized void textDelta(String text) {
        if (timer == null || held.isEmpty() && !log.busy()) {
            appendText(text);
            return;
        }
        held.append(text);
        holding = true;
        if (!log.busy()) {
            flushHeld();
        } else if (!flushPending) {
            try {
                timer.schedule(this::flushLate, HOLD_MS, TimeUnit.MILLISECONDS);
                flushPending = true;
            } catch (RejectedExecutionException stopping) {
                flushHeld(); // the service is stopping: no holding
            }
        }
    }

    private synchronized void flushLate() {
        flushPending = false;
        flushHeld();
    }

    /** A subscriber's socket sent all it had: held text goes out now if every socket is free. */
    private void socketFree() {
        if (holding) {
            synchronized (this) {
                if (!log.busy()) {
                    flushHeld();
                }
            }
        }
    }

    private void flushHeld() {
        holding = false;
        if (!held.isEmpty()) {
            String text = held.toString();
            held.setLength(0);
            appendText(text);
        }
    }

    private void appendText(String text) {
        log.append(EventType.TEXT_DELTA, contextJson, textData(text));
    }

    /** A text delta's {@code data} object. */
    static String textData(String text) {
        if (JsonText.isPlain(text)) { // most deltas: one copy, sized first
            return "{\"text\":\"" + text + "\"}";
        }
        StringBuilder data = new StringBuilder(text.length() + 16).append("{\"text\":");
        return JsonText.quote(data, text).append('}').toString();
    }

    void toolUseStart(String toolCallId, String toolName) {
        emit(EventType.TOOL_USE_START, new JsonFields().add("toolCallId", toolCallId).add("toolName", toolName));
    }

    void toolUseStop(String toolCallId, String toolName, JsonValue input) {
        emit(EventType.TOOL_USE_STOP, new JsonFields().add("toolCallId", toolCallId).add("toolName", toolName)
                .addJson("input", input.toString()));
    }

    void toolResult(String toolCallId, String toolName, String result, boolean isError) {
        emit(EventType.TOOL_RESULT, new JsonFields().add("toolCallId", toolCallId).add("toolName", toolName)
                .add("result", result).add("isError", isError));
    }

    void messageStop(String stopReason) {
        emit(EventType.MESSAGE_STOP, new JsonFields().add("stopReason", stopReason));
    }

    void usage(int inputTokens, int outputTokens) {
        emit(EventType.USAGE, new JsonFields().add("inputTokens", inputTokens).add("outputTokens", outputTokens));
    }

    void retrying(int attempt, int maxAttempts, String code, long delayMillis) {
        emit(EventType.RETRYING, new JsonFields().add("attempt", attempt).add("maxAttempts", maxAttempts)
                .add("code", code).add("delayMs", delayMillis));
    }

    void error(String code, String message, boolean recoverable) {
        emit(EventType.ERROR, new JsonFields().add("code", code).add("message", message)
                .add("recoverable", recoverable));
    }

    void interrupted(StopCause cause) {
        emit(EventType.INTERRUPTED, new JsonFields().add("cause", cause.wireName()));
    }

    void conversationEnd(String reason) {
        emit(EventType.CONVERSATION_END, new JsonFields().add("reason", reason));
    }

    private synchronized void emit(EventType type, JsonFields data) {
        flushHeld();
        log.append(type, contextJson, data.build());
    }
}
