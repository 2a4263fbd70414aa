package io.portagent.agent;

import io.portagent.config.Settings;
import io.portagent.llm.LlmClient;
import io.portagent.store.DiskFullException;
import io.portagent.store.ImageRecord;
import io.portagent.store.ImageRepository;
import io.portagent.store.MessageRecord;
import io.portagent.store.MessageRepository;
import io.portagent.store.Storage;
import io.portagent.store.TurnRepository;
import io.portagent.store.TurnRepository.EventChunk;
import io.portagent.store.TurnRepository.RunningTurn;
import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent runtime: sends messages (one turn at a time per conversation), interrupts, lets
 * connections subscribe to a conversation's events with replay, and closes turns left running
 * by a crash. Turns run on the server, independent of any connection.
 */
public final class AgentRuntime implements AutoCloseable {

    private static final JsonProvider JSON = JsonSupport.PROVIDER;

    /** Seq numbers skipped after a crash, so clients that saw unsaved events notice a gap. */
    static final long CRASH_SEQ_GAP = 1_000;
    static final int CONTENT_MAX = 100_000;
    static final String DEFAULT_PROMPT = "You are a helpful AI assistant.";
    static final String PROMPTX_PROMPT = "You are a helpful AI assistant. You may have PromptX tools for roles,"
            + " memory and thinking: use them when they help the user.";
    private static final Logger LOG = LoggerFactory.getLogger(AgentRuntime.class);

    private final Conversations conversations;
    private final TurnRepository turns;
    private final SessionLogs logs;
    private final TurnServices services;
    private final String defaultPrompt;
    private final ConcurrentHashMap<String, TurnRunner> running = new ConcurrentHashMap<>();

    public AgentRuntime(Settings settings, Storage storage, LlmClient llm, ToolRegistry tools, Clock clock) {
        MessageRepository messages = new MessageRepository(storage.agents());
        this.turns = new TurnRepository(storage.agents());
        this.conversations = new Conversations(new ImageRepository(storage.agents()), messages,
                settings.containersDir(), clock);
        this.logs = new SessionLogs(turns, clock);
        this.defaultPrompt = settings.mcp().promptx() ? PROMPTX_PROMPT : DEFAULT_PROMPT;
        Settings.Agent limits = settings.agent();
        this.services = new TurnServices(llm, tools, turns, messages, RuntimePools.store(), RuntimePools.tools(), clock,
                settings.model(), limits.maxTokens(), limits.contextBudgetChars(), limits.maxToolIterations(),
                settings.containersDir(), this::turnEnded);
    }

    public Conversations conversations() {
        return conversations;
    }

    public boolean isRunning(String sessionId) {
        TurnRunner runner = running.get(sessionId);
        return runner != null && !runner.isFinished();
    }

    /** Stores the user's message and starts a turn; returns the message id once it is stored. */
    public String send(Caller caller, String imageId, String content) {
        if (content == null || content.isBlank()) {
            throw new AgentException("invalid_request", "content is required");
        }
        if (content.length() > CONTENT_MAX) {
            throw new AgentException("invalid_request", "content must be at most " + CONTENT_MAX + " characters");
        }
        ImageRecord image = conversations.require(caller, imageId);
        String turnId = "turn_" + UUID.randomUUID();
        TurnRunner runner = running.compute(image.sessionId(), (sessionId, current) -> {
            if (current != null && !current.isFinished()) {
                throw new AgentException("conversation_busy", "A reply is still being written in this conversation;"
                        + " wait for it or stop it first.");
            }
            CompletableFuture<Void> after = current == null ? CompletableFuture.completedFuture(null) : current.tail();
            EventContext context = new EventContext(image.containerId(), image.imageId(), sessionId, turnId);
            return new TurnRunner(services, caller, context, logs.acquire(sessionId), systemPrompt(image), after);
        });
        MessageRecord message = new MessageRecord(UUID.randomUUID().toString(), image.sessionId(), "user", "user",
                MessageContent.text(content), services.clock().millis(), turnId);
        await(runner.begin(message));
        return message.messageId();
    }

    private static void await(CompletableFuture<Void> stored) {
        try {
            stored.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof DiskFullException) {
                throw new AgentException("storage_full", DiskFullException.USER_MESSAGE);
            }
            throw new AgentException("storage_error", "Your message could not be saved; try again.");
        } catch (TimeoutException e) {
            throw new AgentException("storage_error", "Your message could not be saved; try again.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AgentException("storage_error", "Interrupted while saving your message.");
        }
    }

    /** Stops the conversation's running turn, if any; true when one was stopped. */
    public boolean interrupt(Caller caller, String imageId) {
        TurnRunner runner = running.get(conversations.require(caller, imageId).sessionId());
        return runner != null && runner.interrupt();
    }

    /** Stops any running turn, waits for its last write, then deletes the conversation. */
    public void delete(Caller caller, String imageId) {
        String sessionId = conversations.require(caller, imageId).sessionId();
        TurnRunner runner = running.get(sessionId);
        if (runner != null) {
            runner.interrupt();
            awaitQuietly(runner.tail());
        }
        conversations.delete(caller, imageId);
        logs.discardUnsaved(sessionId);
    }

    /** A subscriber's hold on a session's events; release it with {@link #unsubscribe}. */
    public record Subscription(String imageId, String sessionId, EventSink sink, long lastSeq) {
    }

    /** Subscribes {@code sink} to the conversation's events, replaying those after {@code afterSeq} first. */
    public Subscription subscribe(Caller caller, String imageId, Long afterSeq, EventSink sink) {
        ImageRecord image = conversations.require(caller, imageId);
        SessionLog log = logs.acquire(image.sessionId());
        try {
            return new Subscription(imageId, image.sessionId(), sink, log.subscribe(sink, afterSeq));
        } catch (RuntimeException e) {
            logs.release(image.sessionId());
            throw e;
        }
    }

    public void unsubscribe(Subscription subscription) {
        boolean removed = logs.ifPresent(subscription.sessionId(), log -> log.unsubscribe(subscription.sink()), false);
        if (removed) {
            logs.release(subscription.sessionId());
        }
    }

    /** The conversation's last seq, whether or not it is in memory. */
    public long lastSeq(String sessionId) {
        return logs.ifPresent(sessionId, SessionLog::lastSeq, turns.lastSeq(sessionId));
    }

    /** Turns running now. */
    public int runningTurns() {
        return (int) running.values().stream().filter(r -> !r.isFinished()).count();
    }

    /** Sessions held in memory (for tests and diagnostics: idle sessions must not stay). */
    public int sessionsInMemory() {
        return logs.size();
    }

    private String systemPrompt(ImageRecord image) {
        String prompt = image.systemPrompt();
        return prompt == null || prompt.isBlank() ? defaultPrompt : prompt;
    }

    private void turnEnded(TurnRunner runner) {
        String sessionId = runner.sessionId();
        running.remove(sessionId, runner);
        logs.release(sessionId);
    }

    /** Closes, as interrupted, every turn a crash left running; called once at start-up. */
    public int recoverCrashedTurns() {
        List<RunningTurn> crashed = turns.runningTurns();
        long now = services.clock().millis();
        for (RunningTurn turn : crashed) {
            EventContext context = new EventContext(turn.containerId(), turn.imageId(), turn.sessionId(), turn.turnId());
            turns.closeCrashed(turn.turnId(), turn.sessionId(), CRASH_SEQ_GAP, first -> closingEvents(context, first, now),
                    now);
            LOG.warn("Turn {} of conversation {} was cut short by a restart; closed as interrupted", turn.turnId(),
                    turn.imageId());
        }
        return crashed.size();
    }

    private static EventChunk closingEvents(EventContext context, long firstSeq, long now) {
        JsonObject reason = JSON.createObjectBuilder().add("reason", "interrupted").build();
        String lines = AgentEvent.create(EventType.INTERRUPTED, firstSeq, now, context, JsonObject.EMPTY_JSON_OBJECT)
                .json() + "\n" + AgentEvent.create(EventType.CONVERSATION_END, firstSeq + 1, now, context, reason).json()
                + "\n";
        return new EventChunk(firstSeq, firstSeq + 1, lines);
    }

    /**
     * Interrupts running turns (their partial answers are saved), waits for the writes, saves what
     * turns on a full disk could not (if there is room now), stops the executors.
     */
    @Override
    public void close() {
        List<TurnRunner> runners = List.copyOf(running.values());
        runners.forEach(TurnRunner::interrupt);
        runners.forEach(r -> awaitQuietly(r.tail()));
        logs.saveUnsavedQuietly();
        shutdown(services.toolExecutor());
        shutdown(services.storeExecutor());
    }

    private static void awaitQuietly(CompletableFuture<Void> future) {
        try {
            future.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("A turn's last write did not finish: {}", e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void shutdown(ExecutorService executor) {
        executor.shutdown();
        try {
            if (!executor.awaitTermination(10, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
