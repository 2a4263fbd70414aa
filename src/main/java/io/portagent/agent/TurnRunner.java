package io.portagent.agent;

import io.portagent.agent.Sessions.Session;
import io.portagent.agent.SessionWriter.Urgency;
import io.portagent.agent.StreamedAnswer.ToolBlock;
import io.portagent.agent.ToolRegistry.ToolContext;
import io.portagent.agent.ToolRegistry.ToolOutcome;
import io.portagent.llm.FailureCode;
import io.portagent.llm.LlmCall;
import io.portagent.llm.LlmFailure;
import io.portagent.llm.LlmListener;
import io.portagent.llm.LlmRequest;
import io.portagent.llm.StreamEvent;
import io.portagent.store.MessageRecord;
import io.portagent.store.TurnRepository.TurnRow;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One turn, as a state machine: the prompt is stored, the model streams an answer, tools run,
 * the model is called again, until the model stops, something fails or the user interrupts. It
 * has no thread of its own: stream events arrive on the model client's threads, tools run on the
 * tool executor, history reads and the session writer's callbacks on the store executor. Every
 * change of state holds this object's monitor, so events leave in a consistent order; nothing
 * under it waits for the database (writes are only staged with the session's writer).
 */
final class TurnRunner implements LlmListener {

    /** Where the turn stands. */
    enum State {
        /** The user's message is being stored; nothing has been announced yet. */
        STORING_PROMPT,
        /** A model response streams in. */
        CALLING_MODEL,
        /** The model asked for tools: they run one after another, then the model is called again. */
        RUNNING_TOOLS,
        /** Completed, interrupted or failed; only its closing write may still be under way. */
        ENDED
    }

    static final long CHECKPOINT_MILLIS = 1_000;
    private static final Logger LOG = LoggerFactory.getLogger(TurnRunner.class);

    private final TurnSetup setup;
    private final Caller caller;
    private final EventContext context;
    private final Session session;
    private final TurnEvents events;
    private final String systemPrompt;
    private final long startedAt;
    private final CompletableFuture<Void> ended = new CompletableFuture<>();

    private State state = State.STORING_PROMPT;
    private volatile boolean finished; // readable without the monitor, for the runtime's busy check
    private boolean stopRequested;
    private boolean storageFailureReported;
    private LlmCall call;
    private Future<?> tools;
    private int iteration;
    private StreamedAnswer answer = new StreamedAnswer();
    private int inputTokens;
    private int outputTokens;
    private long lastCheckpointAt;

    TurnRunner(TurnSetup setup, Caller caller, EventContext context, Session session, String systemPrompt) {
        this.setup = setup;
        this.caller = caller;
        this.context = context;
        this.session = session;
        this.events = new TurnEvents(session.log(), context);
        this.systemPrompt = systemPrompt;
        this.startedAt = setup.clock().millis();
    }

    String sessionId() {
        return context.sessionId();
    }

    boolean isFinished() {
        return finished;
    }

    /** Completes once the turn ended and its closing write was tried. */
    CompletableFuture<Void> ended() {
        return ended;
    }

    /**
     * Stores the user's message (with whatever the session's writer still holds), then calls the
     * model. The future completes once the message is stored and announced, or fails if it could
     * not be stored: then the turn never began and sent no event.
     */
    CompletableFuture<Void> begin(MessageRecord prompt) {
        CompletableFuture<Void> stored = session.writer().save(row(TurnStatus.RUNNING, 0), List.of(prompt),
                Urgency.MUST_TRY).thenRun(() -> promptStored(prompt));
        stored.whenComplete((ok, e) -> {
            if (e != null) {
                notStarted(e);
            }
        });
        stored.thenRunAsync(this::startIteration, setup.storeExecutor());
        return stored;
    }

    private synchronized void promptStored(MessageRecord prompt) {
        session.log().startTurn();
        events.userMessage(prompt.messageId(), MessageContent.textOf(prompt.content()));
        state = State.CALLING_MODEL;
        if (stopRequested) {
            events.interrupted();
            finish(TurnStatus.INTERRUPTED, "interrupted", null);
        }
    }

    private void notStarted(Throwable e) {
        StorageFailure.of(e).log(context.turnId(), "the user's message could not be stored");
        synchronized (this) {
            state = State.ENDED;
            finished = true;
        }
        session.writer().withdraw(context.turnId());
        end();
    }

    /** Reads the history (everything this turn committed so far included) and calls the model. */
    private void startIteration() {
        try {
            LlmRequest request = nextRequest();
            if (request == null) {
                return;
            }
            LlmCall started = setup.llm().stream(request, this);
            boolean cancel;
            synchronized (this) {
                call = started;
                cancel = state == State.ENDED;
            }
            // outside our lock: a reactor thread delivering this call's event holds the call's lock and waits for ours
            if (cancel) {
                started.cancel();
            }
        } catch (RuntimeException e) {
            cannotContinue(e);
        }
    }

    private LlmRequest nextRequest() {
        synchronized (this) {
            if (state == State.ENDED) {
                return null;
            }
            iteration++;
            if (iteration > setup.maxIterations()) {
                stopAtLimit();
                return null;
            }
            state = State.CALLING_MODEL;
            answer = new StreamedAnswer();
            lastCheckpointAt = setup.clock().millis();
        }
        return new LlmRequest(setup.model(), setup.maxTokens(), systemPrompt, ContextBuilder.build(
                setup.messages().context(context.sessionId(), TurnStatus.FAILED.wireName()),
                setup.contextBudgetChars()), setup.tools().specs(toolContext()));
    }

    @Override
    public synchronized void onEvent(StreamEvent event) {
        if (state != State.CALLING_MODEL) {
            return;
        }
        if (event instanceof StreamEvent.MessageStart start) {
            inputTokens += start.inputTokens();
            events.messageStart(answer.messageId());
        } else if (event instanceof StreamEvent.TextDelta delta) {
            answer.appendText(delta.text());
            events.textDelta(delta.text());
        } else if (event instanceof StreamEvent.ToolUseStart start) {
            answer.startTool(start.index(), start.id(), start.name());
            events.toolUseStart(start.id(), start.name());
        } else if (event instanceof StreamEvent.InputJsonDelta delta) {
            answer.appendToolInput(delta.index(), delta.partialJson());
        } else if (event instanceof StreamEvent.BlockStop stop) {
            ToolBlock block = answer.stopBlock(stop.index());
            if (block != null) {
                events.toolUseStop(block.id, block.name, MessageContent.input(block.inputJson()));
            }
        } else if (event instanceof StreamEvent.MessageDelta delta) {
            answer.stopReason(delta.stopReason());
            outputTokens += delta.outputTokens();
        }
        if (setup.clock().millis() - lastCheckpointAt >= CHECKPOINT_MILLIS) {
            checkpoint(answerMessages(false));
        }
    }

    @Override
    public synchronized void onComplete() {
        if (state != State.CALLING_MODEL) {
            return;
        }
        String stopReason = answer.stopReason();
        events.messageStop(stopReason);
        events.usage(inputTokens, outputTokens);
        List<ToolBlock> calls = answer.completedTools();
        if ("tool_use".equals(stopReason) && !calls.isEmpty()) {
            state = State.RUNNING_TOOLS;
            checkpoint(answerMessages(true)).thenRun(() -> runTools(calls));
        } else {
            finish(TurnStatus.COMPLETED, stopReason == null ? "end_turn" : stopReason, null);
        }
    }

    @Override
    public synchronized void onFailure(LlmFailure failure) {
        if (state != State.CALLING_MODEL) {
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

    /** Stops the turn: the provider stream is closed, the partial answer kept. True unless it had ended. */
    boolean interrupt() {
        LlmCall toCancel;
        Future<?> toolsToCancel;
        synchronized (this) {
            if (state == State.ENDED) {
                return false;
            }
            if (state == State.STORING_PROMPT) {
                stopRequested = true; // announced once the prompt is stored, after its user_message event
                return true;
            }
            toCancel = call;
            toolsToCancel = tools;
            events.interrupted();
            finish(TurnStatus.INTERRUPTED, "interrupted", null);
        }
        cancel(toCancel, toolsToCancel);
        return true;
    }

    /** Runs the completed tool calls in order on the tool executor, then asks the model again. */
    private synchronized void runTools(List<ToolBlock> calls) {
        if (state != State.RUNNING_TOOLS) {
            return;
        }
        tools = setup.toolExecutor().submit(() -> {
            CompletableFuture<Void> written = null;
            for (ToolBlock block : calls) {
                written = runTool(block);
                if (written == null) {
                    return;
                }
            }
            written.thenRunAsync(this::startIteration, setup.storeExecutor());
        });
    }

    /** One call; returns the write of its result, or null when the turn ended meanwhile. */
    private CompletableFuture<Void> runTool(ToolBlock block) {
        ToolOutcome outcome;
        try {
            outcome = setup.tools().call(toolContext(), block.name, block.inputJson());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        } catch (RuntimeException e) {
            LOG.warn("Tool {} failed in turn {}", block.name, context.turnId(), e);
            outcome = new ToolOutcome("The tool failed: " + e.getMessage(), true);
        }
        synchronized (this) {
            if (state != State.RUNNING_TOOLS) {
                return null;
            }
            events.toolResult(block.id, block.name, outcome.content(), outcome.isError());
            return checkpoint(List.of(message(MessageKind.TOOL_RESULT,
                    MessageContent.toolResult(block.id, block.name, outcome.content(), outcome.isError()))));
        }
    }

    /** The agent's own limit: what the turn did stays in the context, so the user can tell it to go on. */
    private void stopAtLimit() {
        String text = "The agent called the model " + setup.maxIterations() + " times in one turn without finishing,"
                + " so it was stopped. Send a message to continue.";
        events.error("max_tool_iterations", text, true);
        finish(TurnStatus.INTERRUPTED, "error", message(MessageKind.ERROR, MessageContent.error("max_tool_iterations",
                text)));
    }

    /** Ends the turn with an error the user sees (and that is stored as an error message). */
    private void fail(String code, String text, boolean recoverable) {
        events.error(code, text, recoverable);
        finish(TurnStatus.FAILED, "error", message(MessageKind.ERROR, MessageContent.error(code, text)));
    }

    /** Ends the turn once: the closing event, then the closing write, then the runtime lets the session go. */
    private void finish(TurnStatus status, String reason, MessageRecord error) {
        state = State.ENDED;
        finished = true;
        List<MessageRecord> closing = new ArrayList<>(answerMessages(false));
        if (error != null) {
            closing.add(error);
        }
        events.conversationEnd(reason);
        session.writer().save(row(status, setup.clock().millis()), closing, Urgency.MUST_TRY)
                .exceptionallyCompose(this::closingFailed)
                .whenCompleteAsync((ok, e) -> end(), setup.storeExecutor()); // never under our monitor
    }

    /** The closing write failed: the user is told once; the writer keeps it for the session's next write. */
    private synchronized CompletableFuture<Void> closingFailed(Throwable e) {
        if (storageFailureReported) {
            return CompletableFuture.completedFuture(null);
        }
        storageFailureReported = true;
        StorageFailure failure = StorageFailure.of(e).log(context.turnId(), "its closing write failed");
        // staged before it is announced: a prompt sent on seeing the error is stored after it
        CompletableFuture<Void> saved = session.writer().save(row(TurnStatus.FAILED, setup.clock().millis()),
                List.of(message(MessageKind.ERROR, MessageContent.error(failure.code(), failure.text()))),
                Urgency.MUST_TRY);
        events.error(failure.code(), failure.text(), true);
        return saved.exceptionally(again -> null);
    }

    /** A write or a history read failed mid-turn (a full disk, typically): the turn fails and stops its work. */
    private void cannotContinue(Throwable e) {
        LlmCall toCancel;
        Future<?> toolsToCancel;
        synchronized (this) {
            if (state == State.ENDED || storageFailureReported) {
                return;
            }
            storageFailureReported = true;
            toCancel = call;
            toolsToCancel = tools;
            StorageFailure failure = StorageFailure.of(e).log(context.turnId(), "it cannot go on");
            fail(failure.code(), failure.text(), true);
        }
        cancel(toCancel, toolsToCancel);
    }

    private static void cancel(LlmCall call, Future<?> tools) {
        if (call != null) {
            call.cancel();
        }
        if (tools != null) {
            tools.cancel(true);
        }
    }

    private void end() {
        setup.turnEnded(this); // the runtime's and the sessions' map locks are taken inside: never under our monitor
        ended.complete(null);
    }

    /** Stages a save of these messages with the turn's row; a failure ends the turn. */
    private CompletableFuture<Void> checkpoint(List<MessageRecord> messages) {
        lastCheckpointAt = setup.clock().millis();
        CompletableFuture<Void> written = session.writer().save(row(TurnStatus.RUNNING, 0), messages,
                Urgency.CHECKPOINT);
        written.exceptionallyAsync(e -> {
            cannotContinue(e);
            return null;
        }, setup.storeExecutor());
        return written;
    }

    private TurnRow row(TurnStatus status, long endedAt) {
        return new TurnRow(context.turnId(), status.wireName(), startedAt, endedAt, inputTokens, outputTokens);
    }

    private List<MessageRecord> answerMessages(boolean withToolCalls) {
        return answer.messages(context, setup.clock().millis(), withToolCalls);
    }

    private MessageRecord message(MessageKind kind, String content) {
        return kind.record(UUID.randomUUID().toString(), content, context, setup.clock().millis());
    }

    private ToolContext toolContext() {
        return new ToolContext(caller, context.conversationId(), setup.workdir(caller, context.conversationId()));
    }
}
