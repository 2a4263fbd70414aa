package io.portagent.agent;

import io.portagent.agent.Sessions.Session;
import io.portagent.store.MessageRecord;
import io.portagent.store.TurnRepository;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The turns running on this node, at most one per session: starts one for a prompt (the model
 * allowed, the day's tokens left, no other turn in the session) and returns once the prompt is
 * stored; finds and counts them. Each turn holds its session from its start to its end.
 */
final class RunningTurns {

    private static final String NOT_STORED = "Your message could not be saved; try again.";

    private final ConcurrentHashMap<String, TurnRunner> running = new ConcurrentHashMap<>();
    private final Conversations conversations;
    private final UsageLedger usage;
    private final Sessions sessions;
    private final LiveSync sync;
    private final String defaultPrompt;
    private TurnSetup setup;

    RunningTurns(Conversations conversations, UsageLedger usage, Sessions sessions, LiveSync sync,
            String defaultPrompt) {
        this.conversations = conversations;
        this.usage = usage;
        this.sessions = sessions;
        this.sync = sync;
        this.defaultPrompt = defaultPrompt;
    }

    /** The set-up every turn shares; it tells {@link #ended} of each turn's end, so it comes after this. */
    void use(TurnSetup turnSetup) {
        this.setup = turnSetup;
    }

    /** Starts the turn of {@code prompt}; returns its message id once it is stored. */
    String start(Caller caller, Conversation conversation, String turnId, MessageRecord prompt,
            List<Attachment> files) {
        ModelPolicy.Allowance allowance = conversations.allowance(caller);
        String model = Conversations.allowed(allowance.models(), conversation.model()).id();
        usage.checkQuota(caller, allowance.dailyTokenLimit());
        String sessionId = conversation.sessionId();
        Session session = sessions.acquire(sessionId); // held by the turn until it ends
        TurnRunner runner;
        try {
            runner = running.compute(sessionId, (id, current) -> {
                if (current != null && !current.isFinished()) {
                    throw busy();
                }
                return new TurnRunner(setup, caller, context(conversation, turnId), session,
                        systemPrompt(conversation), model);
            });
        } catch (RuntimeException e) {
            sessions.release(sessionId);
            throw e;
        }
        // before the turn can end, so that its IDLE always comes after (the runner announces that on its end)
        sync.announce(caller, conversation.id(), ConversationWatcher.Change.RUNNING);
        awaitStored(runner.begin(prompt, files));
        return prompt.messageId();
    }

    /** The session's turn, running or just ended; null when there is none. */
    TurnRunner get(String sessionId) {
        return running.get(sessionId);
    }

    boolean isRunning(String sessionId) {
        TurnRunner runner = running.get(sessionId);
        return runner != null && !runner.isFinished();
    }

    int count() {
        return (int) running.values().stream().filter(r -> !r.isFinished()).count();
    }

    List<TurnRunner> all() {
        return List.copyOf(running.values());
    }

    /** A turn ended: its session is let go, and its user's tabs see it no longer running. */
    void ended(TurnRunner runner) {
        running.remove(runner.sessionId(), runner);
        sessions.release(runner.sessionId());
        sync.announce(runner.caller(), runner.conversationId(), ConversationWatcher.Change.IDLE);
    }

    static EventContext context(Conversation conversation, String turnId) {
        return new EventContext(conversation.containerId(), conversation.id(), conversation.sessionId(), turnId);
    }

    static AgentException busy() {
        return new AgentException("conversation_busy", "A reply is still being written in this"
                + " conversation; wait for it or stop it first.");
    }

    private String systemPrompt(Conversation conversation) {
        String prompt = conversation.systemPrompt();
        return prompt == null || prompt.isBlank() ? defaultPrompt : prompt;
    }

    private static void awaitStored(CompletableFuture<Void> stored) {
        try {
            stored.get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TurnRepository.TurnBusyException) {
                throw busy(); // another node runs a turn of this conversation
            }
            StorageFailure failure = StorageFailure.of(e.getCause());
            throw failure.code().equals("storage_full") ? new AgentException(failure.code(), failure.text())
                    : new AgentException("storage_error", NOT_STORED);
        } catch (TimeoutException e) {
            throw new AgentException("storage_error", NOT_STORED);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AgentException("storage_error", "Interrupted while saving your message.");
        }
    }
}
