package io.portagent.agent;

import io.portagent.agent.ToolRegistry.ToolContext;
import io.portagent.agent.StreamedAnswer.ToolBlock;
import io.portagent.agent.ToolRegistry.ToolOutcome;
import io.portagent.llm.FailureCode;
import io.portagent.llm.LlmCall;
import io.portagent.llm.LlmFailure;
import io.portagent.llm.LlmListener;
import io.portagent.llm.LlmRequest;
import io.portagent.llm.StreamEvent;
import io.portagent.store.DiskFullException;
import io.portagent.store.MessageRecord;
import io.portagent.store.StoreException;
import io.portagent.store.TurnRepository.Checkpoint;
import io.portagent.store.TurnRepository.EventChunk;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One turn: model call, events, tool calls, next model call, until the model stops, fails or
 * the user interrupts. It has no thread of its own. Stream events arrive on the HTTP client's
 * threads, tools run on the tool executor, and writes go through {@link #persist}, a chain on
 * the store executor that keeps this session's writes in order. Every state change holds this
 * object's monitor, so events leave in a consistent order. A write that fails (a full disk) ends
 * the turn with an error event; what could not be written is kept by the {@link SessionLog}
 * and written first by the session's next turn.
 */
final class TurnRunner implements LlmListener {

    private static final JsonProvider JSON = JsonSupport.PROVIDER;

    private static final Logger LOG = LoggerFactory.getLogger(TurnRunner.class);
    static final long CHECKPOINT_MILLIS = 1_000;

    private final TurnServices services;
    private final Caller caller;
    private final EventContext context;
    private final SessionLog log;
    private final String systemPrompt;

    private CompletableFuture<Void> tail;
    private LlmCall call;
    private Future<?> tools;
    private boolean finished;
    private boolean interrupted;
    private boolean storageFailed;
    private List<MessageRecord> closingMessages = List.of();
    private int iteration;
    private StreamedAnswer answer = new StreamedAnswer();
    private int inputTokens;
    private int outputTokens;
    private long persistedSeq;
    private long lastCheckpointAt;

    TurnRunner(TurnServices services, Caller caller, EventContext context, SessionLog log, String systemPrompt,
            CompletableFuture<Void> previousTail) {
        this.services = services;
        this.caller = caller;
        this.context = context;
        this.log = log;
        this.systemPrompt = systemPrompt;
        this.tail = previousTail;
    }

    String turnId() {
        return context.turnId();
    }

    String sessionId() {
        return context.sessionId();
    }

    synchronized boolean isFinished() {
        return finished;
    }

    /** Completes when every write of this turn so far is committed. */
    synchronized CompletableFuture<Void> tail() {
        return tail;
    }

    /**
     * Stores the user's message (after any earlier turn's last write, and first whatever an earlier
     * turn could not save), then starts the model call. The returned future completes when the
     * message is stored, or fails if it could not be: then the turn never began and sent no event.
     */
    synchronized CompletableFuture<Void> begin(MessageRecord userMessage) {
        persistedSeq = log.lastSeq();
        // stored and announced in one step, so the event precedes the sender's answer
        CompletableFuture<Void> stored = tail.thenRunAsync(() -> {
            log.saveUnsaved();
            services.turns().start(context.turnId(), userMessage);
            userMessageStored(userMessage);
        }, services.storeExecutor()).whenComplete((ok, e) -> {
            if (e != null) {
                notStarted(e);
            }
        });
        tail = stored.exceptionally(e -> null);
        persist(this::startIteration);
        return stored;
    }

    private synchronized void userMessageStored(MessageRecord message) {
        if (finished) {
            return;
        }
        persistedSeq = log.lastSeq(); // again: a failed earlier turn may have added its error since begin()
        log.startTurn();
        emit(EventType.USER_MESSAGE, JSON.createObjectBuilder().add("messageId", message.messageId())
                .add("content", MessageContent.textOf(message.content())).build());
    }

    /** The user's message was not stored: nothing was announced, nothing is left to write. */
    private void notStarted(Throwable e) {
        Throwable cause = unwrap(e);
        if (!(cause instanceof DiskFullException)) {
            LOG.error("Turn {}: the user's message could not be stored: {}", context.turnId(), cause.toString());
        }
        boolean interruptedFirst;
        synchronized (this) {
            interruptedFirst = finished; // then finish() has queued turnEnded already
            finished = true;
        }
        if (!interruptedFirst) {
            services.turnEnded(this); // outside our monitor: the runtime's map lock is taken inside
        }
    }

    /** Reads the history (including everything this turn wrote so far) and calls the model. */
    private void startIteration() {
        LlmRequest request;
        synchronized (this) {
            if (finished) {
                return;
            }
            iteration++;
            if (iteration > services.maxIterations()) {
                fail("max_tool_iterations", "The agent called the model " + services.maxIterations()
                        + " times in one turn without finishing, so it was stopped. Send a message to continue.", true);
                return;
            }
            answer = new StreamedAnswer();
            lastCheckpointAt = services.clock().millis();
        }
        request = new LlmRequest(services.model(), services.maxTokens(), systemPrompt,
                ContextBuilder.build(services.messages().history(context.sessionId()), services.contextBudgetChars()),
                services.tools().specs(toolContext()));
        LlmCall started = services.llm().stream(request, this);
        boolean cancel;
        synchronized (this) {
            call = started;
            cancel = finished;
        }
        // outside our lock: a reactor thread delivering this call's event holds the call's lock and waits for ours
        if (cancel) {
            started.cancel();
        }
    }

    @Override
    public synchronized void onEvent(StreamEvent event) {
        if (finished) {
            return;
        }
        if (event instanceof StreamEvent.MessageStart start) {
            inputTokens += start.inputTokens();
            emit(EventType.MESSAGE_START, JSON.createObjectBuilder().add("messageId", answer.messageId())
                    .add("role", "assistant").build());
        } else if (event instanceof StreamEvent.TextDelta delta) {
            answer.appendText(delta.text());
            emit(EventType.TEXT_DELTA, JSON.createObjectBuilder().add("text", delta.text()).build());
        } else if (event instanceof StreamEvent.ToolUseStart start) {
            answer.startTool(start.index(), start.id(), start.name());
            emit(EventType.TOOL_USE_START, JSON.createObjectBuilder().add("toolCallId", start.id())
                    .add("toolName", start.name()).build());
        } else if (event instanceof StreamEvent.InputJsonDelta delta) {
            answer.appendToolInput(delta.index(), delta.partialJson());
        } else if (event instanceof StreamEvent.BlockStop stop) {
            toolStopped(answer.stopBlock(stop.index()));
        } else if (event instanceof StreamEvent.MessageDelta delta) {
            answer.stopReason(delta.stopReason());
            outputTokens += delta.outputTokens();
        }
        checkpointIfDue();
    }

    private void toolStopped(ToolBlock block) {
        if (block != null) {
            emit(EventType.TOOL_USE_STOP, JSON.createObjectBuilder().add("toolCallId", block.id)
                    .add("toolName", block.name).add("input", MessageContent.input(block.inputJson())).build());
        }
    }

    @Override
    public synchronized void onComplete() {
        if (finished) {
            return;
        }
        String stopReason = answer.stopReason();
        emit(EventType.MESSAGE_STOP, JSON.createObjectBuilder().add("stopReason",
                stopReason == null ? JsonValue.NULL : JSON.createValue(stopReason)).build());
        emit(EventType.USAGE, JSON.createObjectBuilder().add("inputTokens", inputTokens)
                .add("outputTokens", outputTokens).build());
        List<ToolBlock> calls = answer.completedTools();
        if ("tool_use".equals(stopReason) && !calls.isEmpty()) {
            checkpoint("running", answerMessages(true));
            persist(() -> runTools(calls));
        } else {
            finish("completed", stopReason == null ? "end_turn" : stopReason);
        }
    }

    @Override
    public synchronized void onFailure(LlmFailure failure) {
        if (finished || interrupted) {
            return;
        }
        LOG.debug("Turn {} failed: {} {}", context.turnId(), failure.code(), failure.message());
        fail(failure.code().wireName(), failure.message(), isRecoverable(failure.code()));
    }

    private static boolean isRecoverable(FailureCode code) {
        return switch (code) {
            case INVALID_API_KEY, PERMISSION_DENIED, INVALID_REQUEST -> false;
            default -> true;
        };
    }

    /** Stops the turn: the provider stream is closed, the partial answer kept. */
    boolean interrupt() {
        LlmCall toCancel;
        Future<?> toolsToCancel;
        synchronized (this) {
            if (finished) {
                return false;
            }
            interrupted = true;
            toCancel = call;
            toolsToCancel = tools;
            emit(EventType.INTERRUPTED, JsonObject.EMPTY_JSON_OBJECT);
            finish("interrupted", "interrupted");
        }
        if (toCancel != null) {
            toCancel.cancel();
        }
        if (toolsToCancel != null) {
            toolsToCancel.cancel(true);
        }
        return true;
    }

    /** Hands the completed tool calls to the tool executor; they run in order, then the model is asked again. */
    private synchronized void runTools(List<ToolBlock> calls) {
        if (finished) {
            return;
        }
        tools = services.toolExecutor().submit(() -> {
            for (ToolBlock block : calls) {
                if (!runTool(block)) {
                    return;
                }
            }
            persist(this::startIteration);
        });
    }

    private boolean runTool(ToolBlock block) {
        ToolOutcome outcome;
        try {
            outcome = services.tools().call(toolContext(), block.name, block.inputJson());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (RuntimeException e) {
            LOG.warn("Tool {} failed in turn {}", block.name, context.turnId(), e);
            outcome = new ToolOutcome("The tool failed: " + e.getMessage(), true);
        }
        synchronized (this) {
            if (finished) {
                return false;
            }
            emit(EventType.TOOL_RESULT, JSON.createObjectBuilder().add("toolCallId", block.id)
                    .add("toolName", block.name).add("result", outcome.content()).add("isError", outcome.isError())
                    .build());
            checkpoint("running", List.of(message("user", "tool-result",
                    MessageContent.toolResult(block.id, block.name, outcome.content(), outcome.isError()))));
            return true;
        }
    }

    /** Ends the turn with an error the user sees (and that is stored as an error message). */
    private void fail(String code, String message, boolean recoverable) {
        emit(EventType.ERROR, JSON.createObjectBuilder().add("code", code).add("message", message)
                .add("recoverable", recoverable).build());
        finish("failed", "error", message("system", "error", MessageContent.error(code, message)));
    }

    private void finish(String status, String reason) {
        finish(status, reason, null);
    }

    /** Ends the turn once: the closing event, the final write, then the runtime lets the session go. */
    private void finish(String status, String reason, MessageRecord error) {
        finished = true;
        List<MessageRecord> messages = answerMessages(false);
        if (error != null) {
            messages.add(error);
        }
        closingMessages = List.copyOf(messages);
        emit(EventType.CONVERSATION_END, JSON.createObjectBuilder().add("reason", reason).build());
        checkpoint(status, messages);
        persist(() -> services.turnEnded(this));
    }

    private List<MessageRecord> answerMessages(boolean withToolCalls) {
        return answer.messages(context, services.clock().millis(), withToolCalls);
    }

    private MessageRecord message(String role, String subtype, String content) {
        return new MessageRecord(UUID.randomUUID().toString(), context.sessionId(), role, subtype, content,
                services.clock().millis(), context.turnId());
    }

    private void checkpointIfDue() {
        long now = services.clock().millis();
        if (now - lastCheckpointAt >= CHECKPOINT_MILLIS) {
            checkpoint("running", answerMessages(false));
        }
    }

    /** Queues one write: these messages, the events since the last write, the turn's status and usage. */
    private void checkpoint(String status, List<MessageRecord> messages) {
        lastCheckpointAt = services.clock().millis();
        EventChunk events = log.unpersisted(persistedSeq);
        if (events != null) {
            persistedSeq = events.lastSeq();
        }
        long endedAt = "running".equals(status) ? 0 : lastCheckpointAt;
        Checkpoint checkpoint = new Checkpoint(context.sessionId(), context.turnId(), List.copyOf(messages), events,
                status, endedAt, inputTokens, outputTokens);
        persist(() -> {
            if (storageFailed()) {
                return; // an earlier write failed: the turn's closing write, kept by the log, covers this one
            }
            services.turns().save(checkpoint);
            if (events != null) {
                log.persisted(events.lastSeq());
            }
        });
    }

    private synchronized boolean storageFailed() {
        return storageFailed;
    }

    /**
     * Appends {@code write} to this session's chain of writes, which runs them one after another
     * on the store executor. A failed write fails the turn; the chain itself carries on.
     */
    private synchronized CompletableFuture<Void> persist(Runnable write) {
        CompletableFuture<Void> written = tail.thenRunAsync(write, services.storeExecutor());
        tail = written.exceptionally(this::writeFailed);
        return written;
    }

    /**
     * A step of the chain failed, typically a write on a full disk. The user is told, the model
     * call and tools stop, and the turn's closing write (everything since the last commit, with the
     * error) is tried once; if it fails too, the session log keeps it and writes it before the
     * session's next turn.
     */
    private Void writeFailed(Throwable e) {
        Throwable cause = unwrap(e);
        boolean diskFull = cause instanceof DiskFullException;
        if (!diskFull) { // a full disk was already reported to the operator, once, by the database
            LOG.error("Turn {}: a write to agentx.db failed: {}", context.turnId(), cause.toString());
        }
        String code = diskFull ? "storage_full" : "storage_error";
        String text = diskFull ? DiskFullException.USER_MESSAGE
                : "Your conversation could not be saved. Everything saved before is safe; try again later.";
        LlmCall toCancel;
        Future<?> toolsToCancel;
        synchronized (this) {
            if (storageFailed) {
                return null;
            }
            storageFailed = true;
            boolean wasFinished = finished;
            toCancel = call;
            toolsToCancel = tools;
            emit(EventType.ERROR, JSON.createObjectBuilder().add("code", code).add("message", text)
                    .add("recoverable", true).build());
            List<MessageRecord> messages = new ArrayList<>(wasFinished ? closingMessages : answerMessages(false));
            messages.add(message("system", "error", MessageContent.error(code, text)));
            if (!wasFinished) {
                finished = true;
                emit(EventType.CONVERSATION_END, JSON.createObjectBuilder().add("reason", "error").build());
            }
            log.keepUnsaved(new Checkpoint(context.sessionId(), context.turnId(), List.copyOf(messages),
                    log.unpersisted(log.persistedSeq()), "failed", services.clock().millis(), inputTokens,
                    outputTokens));
            if (!wasFinished) {
                persist(() -> services.turnEnded(this)); // finish() queued it otherwise
            }
        }
        // outside our lock, as in interrupt()
        if (toCancel != null) {
            toCancel.cancel();
        }
        if (toolsToCancel != null) {
            toolsToCancel.cancel(true);
        }
        saveClosingNow();
        return null;
    }

    /** One try now, in the chain's order (the cause may be passing, or not about storage at all). */
    private void saveClosingNow() {
        try {
            log.saveUnsaved();
        } catch (StoreException e) {
            LOG.debug("Turn {}: its end stays in memory until the next write of its conversation: {}",
                    context.turnId(), e.getMessage());
        }
    }

    private static Throwable unwrap(Throwable e) {
        Throwable cause = e;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause;
    }

    private void emit(EventType type, JsonObject data) {
        log.append(type, context, data);
    }

    private ToolContext toolContext() {
        return new ToolContext(caller, context.imageId(), services.workdir(caller, context.imageId()));
    }
}
