package io.portagent.agent;

import io.portagent.agent.Sessions.Session;
import io.portagent.agent.StreamedAnswer.ToolBlock;
import io.portagent.agent.ToolRegistry.ToolContext;
import io.portagent.agent.ToolRegistry.ToolOutcome;
import io.portagent.llm.LlmCall;
import io.portagent.store.MessageRecord;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

/**
 * One turn, as a state machine: the prompt is stored, the model streams an answer, tools run,
 * the model is called again, until the model stops, something fails or the user interrupts. It
 * has no thread of its own: stream events arrive on the model client's threads, tools run on the
 * tool executor, history reads and the session writer's callbacks on the store executor. Every
 * change of state holds this object's monitor, so events leave in a consistent order; nothing
 * under it waits for the database (writes are only staged with the session's writer).
 */
final class TurnRunner {

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

    private final TurnSetup setup;
    private final Caller caller;
    private final EventContext context;
    private final Session session;
    private final TurnEvents events;
    private final TurnWrites writes;
    private final String systemPrompt;
    private final String model;
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final TurnObserver observer;
    private final long sentAtNanos = System.nanoTime();
    private boolean deltaSeen;
    private String errorCode;

    private State state = State.STORING_PROMPT;
    private volatile boolean finished; // readable without the monitor, for the runtime's busy check
    private boolean stopRequested;
    private StopCause stopCause = StopCause.OTHER;
    private boolean storageFailureReported;
    private LlmCall call;
    private Future<?> tools;
    private int iteration;
    private StreamedAnswer answer = new StreamedAnswer();
    private ModelRound round;

    TurnRunner(TurnSetup setup, Caller caller, EventContext context, Session session, String systemPrompt,
            String model) {
        this.setup = setup;
        this.caller = caller;
        this.context = context;
        this.session = session;
        this.events = new TurnEvents(session.log(), context, model, setup.timer());
        this.writes = TurnWrites.startingNow(session.writer(), context, setup.clock(), model,
                caller.userId());
        this.systemPrompt = systemPrompt;
        this.model = model;
        this.observer = setup.observer().get();
    }

    String sessionId() {
        return context.sessionId();
    }

    Caller caller() {
        return caller;
    }

    String conversationId() {
        return context.conversationId();
    }

    boolean isFinished() {
        return finished;
    }

    /** Completes once the turn ended and its closing write was tried. */
    CompletableFuture<Void> ended() {
        return ended;
    }

    /**
     * Stores the user's message, then calls the model. The future completes once the message is
     * stored and announced, or fails if it could not be: then the turn never began.
     */
    CompletableFuture<Void> begin(MessageRecord prompt, List<Attachment> files) {
        CompletableFuture<Void> stored = writes.start(prompt).thenRun(session::catchUp)
                .thenRun(() -> promptStored(prompt, files));
        stored.whenComplete((ok, e) -> {
            if (e != null) {
                notStarted(e);
            }
        });
        stored.thenRunAsync(this::startIteration, setup.storeExecutor());
        return stored;
    }

    private synchronized void promptStored(MessageRecord prompt, List<Attachment> files) {
        session.log().startTurn();
        events.userMessage(prompt.messageId(), MessageContent.textOf(prompt.content()), files);
        state = State.CALLING_MODEL;
        if (stopRequested) {
            events.interrupted(stopCause);
            finish(TurnStatus.INTERRUPTED, "interrupted", null);
        }
    }

    private void notStarted(Throwable e) {
        StorageFailure.of(e).log(context.turnId(), "the user's message could not be stored");
        synchronized (this) {
            state = State.ENDED;
            finished = true;
        }
        writes.withdraw();
        end();
    }

    /** Reads the history (everything this turn committed so far included) and calls the model. */
    private void startIteration() {
        try {
            ModelRound next = nextRound();
            if (next == null) {
                return;
            }
            LlmCall started = setup.llm().stream(setup.request(model, context.sessionId(), systemPrompt, toolContext()),
                    next);
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

    private synchronized ModelRound nextRound() {
        if (state == State.ENDED) {
            return null;
        }
        if (++iteration > setup.maxIterations()) {
            stopAtLimit();
            return null;
        }
        state = State.CALLING_MODEL;
        answer = answer.next();
        round = new ModelRound(this, answer, events, setup.clock());
        return round;
    }

    /** Whether {@code call} is the model call the turn waits for (its events count). Under our monitor. */
    boolean isStreaming(ModelRound call) {
        return state == State.CALLING_MODEL && round == call;
    }

    /** A text delta was announced; the first one of the turn is timed. Under our monitor. */
    void deltaAnnounced() {
        if (!deltaSeen) {
            deltaSeen = true;
            observer.firstDelta(System.nanoTime() - sentAtNanos);
        }
    }

    /** The model's answer is complete: run the tools it asked for, or end the turn. Under our monitor. */
    void answered() {
        if (answer.wantsTools()) {
            state = State.RUNNING_TOOLS;
            List<ToolBlock> calls = answer.completedTools();
            checkpoint(answerMessages(true)).thenRun(() -> runTools(calls));
        } else {
            finish(TurnStatus.COMPLETED, answer.stopReason().wireName(), null);
        }
    }

    /**
     * Stops the turn for {@code cause}: the provider stream is closed, the partial answer kept.
     * True unless it had ended.
     */
    boolean interrupt(StopCause cause) {
        LlmCall toCancel;
        Future<?> toolsToCancel;
        synchronized (this) {
            if (state == State.ENDED) {
                return false;
            }
            stopCause = cause;
            if (state == State.STORING_PROMPT) {
                stopRequested = true; // announced once the prompt is stored, after its user_message event
                return true;
            }
            toCancel = call;
            toolsToCancel = tools;
            events.interrupted(cause);
            finish(TurnStatus.INTERRUPTED, "interrupted", null);
        }
        cancel(toCancel, toolsToCancel);
        return true;
    }

    private synchronized void runTools(List<ToolBlock> calls) {
        if (state == State.RUNNING_TOOLS) {
            tools = setup.toolExecutor().submit(new ToolRound(setup.tools(), toolContext(), context.turnId(), calls,
                    this::toolDone, () -> setup.storeExecutor().execute(this::startIteration)));
        }
    }

    /** Announces and stores one tool's result; null when the turn ended meanwhile. */
    private synchronized CompletableFuture<Void> toolDone(ToolBlock block, ToolOutcome outcome) {
        if (state != State.RUNNING_TOOLS) {
            return null;
        }
        events.toolResult(block.id, block.name, outcome.content(), outcome.isError());
        return checkpoint(List.of(writes.message(MessageKind.TOOL_RESULT,
                MessageContent.toolResult(block.id, block.name, outcome.content(), outcome.isError()))));
    }

    /** The agent's own limit: what the turn did stays in the context, so the user can tell it to go on. */
    private void stopAtLimit() {
        String text = "The agent called the model " + setup.maxIterations() + " times in one turn without finishing,"
                + " so it was stopped. Send a message to continue.";
        events.error("max_tool_iterations", text, true);
        errorCode = "max_tool_iterations";
        stopCause = StopCause.OTHER;
        finish(TurnStatus.INTERRUPTED, "error", writes.error("max_tool_iterations", text));
    }

    /** Ends the turn with an error the user sees (and that is stored as an error message). Under our monitor. */
    void fail(String code, String text, boolean recoverable) {
        events.error(code, text, recoverable);
        errorCode = code;
        finish(TurnStatus.FAILED, "error", writes.error(code, text));
    }

    /** Ends the turn once: the closing event, then the closing write, then the runtime lets the session go. */
    private void finish(TurnStatus status, String reason, MessageRecord error) {
        state = State.ENDED;
        finished = true;
        List<MessageRecord> closing = new ArrayList<>(answerMessages(false));
        if (error != null) {
            closing.add(error);
        }
        // counted before a reader sees the end, so a scrape after conversation_end includes the turn
        observer.ended(status, errorCode, System.nanoTime() - sentAtNanos);
        observer.tokens(model, answer.inputTokens(), answer.outputTokens());
        // the end is announced once the closing write is staged: a prompt sent on hearing it is stored after it
        writes.close(status, status == TurnStatus.INTERRUPTED ? stopCause : null, closing, answer,
                () -> events.conversationEnd(reason))
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
        CompletableFuture<Void> saved = writes.close(TurnStatus.FAILED, List.of(writes.error(failure.code(),
                failure.text())), answer);
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

    /** Stages a save of these messages with the turn's row; a failure ends the turn. Under our monitor. */
    CompletableFuture<Void> checkpoint(List<MessageRecord> messages) {
        CompletableFuture<Void> written = writes.checkpoint(messages, answer);
        written.exceptionallyAsync(e -> {
            cannotContinue(e);
            return null;
        }, setup.storeExecutor());
        return written;
    }

    List<MessageRecord> answerMessages(boolean withToolCalls) {
        return answer.messages(context, setup.clock().millis(), withToolCalls);
    }

    private ToolContext toolContext() {
        return setup.toolContext(caller, context.conversationId());
    }
}
