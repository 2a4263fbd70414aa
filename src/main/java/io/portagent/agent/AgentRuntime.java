package io.portagent.agent;

import io.portagent.agent.SessionWriter.Urgency;
import io.portagent.agent.Sessions.Session;
import io.portagent.config.Settings;
import io.portagent.llm.ModelProvider;
import io.portagent.store.AttachmentRepository;
import io.portagent.store.ContainerRepository;
import io.portagent.store.ConversationRepository;
import io.portagent.store.Database;
import io.portagent.store.MessageRepository;
import io.portagent.store.MessageRepository.EventStamp;
import io.portagent.store.MessageSearch;
import io.portagent.store.NodeRepository;
import io.portagent.store.TurnRepository;
import io.portagent.store.UsageRepository;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent runtime: sends messages (one turn at a time per conversation), retries a failed one,
 * interrupts, lets connections subscribe to a conversation's events with replay, and closes turns
 * left running by a crash. Turns run on the server, independent of any connection: what a turn
 * answers is made by {@link Prompts}, the turns running here are kept by {@link RunningTurns}.
 */
public final class AgentRuntime implements AutoCloseable {

    static final String DEFAULT_PROMPT = "You are a helpful AI assistant.";
    static final String PROMPTX_PROMPT = "You are a helpful AI assistant. You may have PromptX tools for roles,"
            + " memory and thinking: use them when they help the user.";
    private static final String INTERRUPT = "interrupt";
    private static final Logger LOG = LoggerFactory.getLogger(AgentRuntime.class);

    private final Conversations conversations;
    private final ContentSearch search;
    private final Attachments attachments;
    private final MessageRepository messages;
    private final TurnRepository turns;
    private final Sessions sessions;
    private final TurnSetup setup;
    private final UsageLedger usage;
    private final Completions completions;
    private final RunningTurns running;
    private final Prompts prompts;
    private final Cluster cluster;
    private final NodeWatch nodes;
    private volatile TurnObserver observer = TurnObserver.NONE;
    private final LiveSync sync;

    public AgentRuntime(Settings settings, Database agents, ModelProvider llm, ToolRegistry tools, Clock clock) {
        this(settings, agents, llm, tools, clock, ModelPolicy.from(settings));
    }

    /** With the models and token limits of each user decided by {@code policy}. */
    public AgentRuntime(Settings settings, Database agents, ModelProvider llm, ToolRegistry tools, Clock clock,
            ModelPolicy policy) {
        this(settings, agents, llm, tools, clock, policy, null);
    }

    /**
     * On a store shared with other nodes ({@code cluster} not null): turns and their events cross
     * nodes, an interrupt reaches the node running the turn, and the turns of a node that dies are
     * ended by another ({@link NodeWatch}).
     */
    public AgentRuntime(Settings settings, Database agents, ModelProvider llm, ToolRegistry tools, Clock clock,
            ModelPolicy policy, Cluster cluster) {
        this.cluster = cluster;
        this.messages = new MessageRepository(agents);
        this.turns = new TurnRepository(agents, cluster == null ? null : cluster.nodeId());
        AttachmentRepository files = new AttachmentRepository(agents);
        this.conversations = new Conversations(new ConversationRepository(agents), messages, turns, files, policy,
                settings.containersDir(), clock);
        this.search = new ContentSearch(new MessageSearch(agents));
        this.attachments = new Attachments(files, conversations, settings.containersDir(), clock,
                settings.agent().attachmentMaxBytes());
        this.usage = new UsageLedger(new UsageRepository(agents), clock);
        this.completions = new Completions(llm, policy, usage, clock, settings.agent().maxTokens(),
                () -> observer);
        ExecutorService store = RuntimePools.store(agents.dialect() == io.portagent.store.Dialect.POSTGRESQL);
        ScheduledExecutorService timer = RuntimePools.timer();
        this.sessions = new Sessions(turns, store, timer, clock, cluster);
        this.sync = new LiveSync(cluster, new ContainerRepository(agents));
        this.running = new RunningTurns(conversations, usage, sessions, sync,
                settings.mcp().promptx() ? PROMPTX_PROMPT : DEFAULT_PROMPT);
        Settings.Agent limits = settings.agent();
        this.setup = new TurnSetup(llm, tools, messages, store, RuntimePools.tools(), timer, clock, limits.maxTokens(),
                limits.contextBudgetChars(), limits.maxToolIterations(), settings.containersDir(), attachments,
                running::ended, () -> observer, new ContextCache());
        running.use(setup);
        this.prompts = new Prompts(conversations, attachments, turns, messages, usage, running, clock);
        if (cluster != null) {
            cluster.receiver(new ClusterReceiver(sessions));
            cluster.onControl(INTERRUPT, args -> args.forEach(this::interruptHere));
            this.nodes = new NodeWatch(cluster, new NodeRepository(agents), this::recoverLostTurn, clock);
        } else {
            this.nodes = null;
        }
    }

    /** Tells {@code next} of every change to a conversation list, made here or on another node (live sync). */
    public void watch(ConversationWatcher next) {
        sync.watch(next);
    }

    /**
     * A change to the caller's conversation list made on this node: told to this node's watcher
     * and to the other nodes.
     */
    public void announce(Caller caller, String conversationId, ConversationWatcher.Change change) {
        sync.announce(caller, conversationId, change);
    }

    /** Tells {@code next} about the turns that start from now on (metrics). */
    public void observe(TurnObserver next) {
        this.observer = Objects.requireNonNull(next, "observer");
    }

    public Conversations conversations() {
        return conversations;
    }

    /** The sidebar's search in the text of the caller's own conversations. */
    public ContentSearch search() {
        return search;
    }

    /** Files attached to messages: upload, download, the limit. */
    public Attachments attachments() {
        return attachments;
    }

    public UsageLedger usage() {
        return usage;
    }

    /** Single model calls outside any conversation (the OpenAI-compatible endpoint). */
    public Completions completions() {
        return completions;
    }

    public boolean isRunning(Conversation conversation) {
        return running.isRunning(conversation.sessionId());
    }

    /** Stores the user's message and starts a turn; returns the message id once it is stored. */
    public String send(Caller caller, String conversationId, String content) {
        return send(caller, conversationId, content, List.of());
    }

    /**
     * As {@link #send(Caller, String, String)}, with files: uploaded ones by id, inline ones stored
     * first; with files the text may be empty. The files are bound to the message before its turn
     * starts (the model reads them with the history) and freed again if it cannot start.
     */
    public String send(Caller caller, String conversationId, String content, List<AttachmentRef> files) {
        return prompts.send(caller, conversationId, content, files);
    }

    /**
     * Sends the prompt of the conversation's last turn again, when that turn failed: the prompt
     * moves to a new turn, and the failed turn's error stays in the history. A failed prompt is
     * never sent again otherwise.
     */
    public String retry(Caller caller, String conversationId) {
        return prompts.retry(caller, conversationId);
    }

    /**
     * Answers the conversation's last prompt again, or {@code content} in its place (an edit): the
     * last turn's answer (and, for an edit, its prompt) is deleted first, so the new answer replaces
     * it in the history and in the model's context. Checked before anything is deleted: no turn
     * running, the model allowed, the daily limit not reached.
     */
    public String regenerate(Caller caller, String conversationId, Optional<String> content) {
        return prompts.regenerate(caller, conversationId, content);
    }

    /**
     * Stops the conversation's running turn, if any; true when one was stopped (or, when another
     * node runs it, that node was told to stop it).
     */
    public boolean interrupt(Caller caller, String conversationId) {
        String sessionId = conversations.require(caller, conversationId).sessionId();
        TurnRunner runner = running.get(sessionId);
        if (runner != null) {
            return runner.interrupt(StopCause.USER);
        }
        return cluster != null && interruptElsewhere(sessionId);
    }

    private boolean interruptElsewhere(String sessionId) {
        if (nodes.runningOn(sessionId).filter(node -> !node.equals(cluster.nodeId())).isEmpty()) {
            return false;
        }
        cluster.control(INTERRUPT, sessionId);
        return true;
    }

    private void interruptHere(String sessionId) {
        TurnRunner runner = running.get(sessionId);
        if (runner != null) {
            runner.interrupt(StopCause.USER); // another node passes on its user's agent_interrupt
        }
    }

    /** Stops any running turn, waits for its last write, then deletes the conversation. */
    public void delete(Caller caller, String conversationId) {
        String sessionId = conversations.require(caller, conversationId).sessionId();
        TurnRunner runner = running.get(sessionId);
        if (runner != null) {
            runner.interrupt(StopCause.OTHER);
            awaitQuietly(runner.ended(), "the last write of a deleted conversation's turn");
        } else if (cluster != null && interruptElsewhere(sessionId)) {
            nodes.awaitEnded(sessionId, java.time.Duration.ofSeconds(10));
        }
        conversations.delete(caller, conversationId);
        sessions.discard(sessionId);
    }

    /**
     * The conversation's stored messages and the seq they are consistent with. A turn that has
     * announced its end but whose closing write has not committed yet is waited for (briefly):
     * a client that heard {@code conversation_end} and asks for the history finds the whole
     * answer there. A running turn is not: its messages and events are committed together at its
     * checkpoints, which is what a snapshot's {@code lastSeq} must match.
     */
    public History snapshot(Caller caller, String conversationId) {
        Conversation conversation = conversations.require(caller, conversationId);
        TurnRunner closing = running.get(conversation.sessionId());
        if (closing != null && closing.isFinished()) {
            try {
                closing.ended().get(10, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException e) {
                LOG.debug("A history request read without a turn's closing write: {}", e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        return conversations.snapshot(caller, conversationId);
    }

    /**
     * A subscriber's hold on a session's events; release it with {@link #unsubscribe}. Run
     * {@code sinkFree} when the subscriber's socket has sent everything it had queued after being
     * busy: a turn holding text for it sends it then (see {@link EventSink#busy()}).
     */
    public record Subscription(String conversationId, String sessionId, EventSink sink, long lastSeq,
            Runnable sinkFree) {
    }

    /** Subscribes {@code sink} to the conversation's events, replaying those after {@code afterSeq} first. */
    public Subscription subscribe(Caller caller, String conversationId, Long afterSeq, EventSink sink) {
        String sessionId = conversations.require(caller, conversationId).sessionId();
        Session session = sessions.acquire(sessionId);
        try {
            SessionLog log = session.log();
            long lastSeq = log.subscribe(sink, afterSeq, seq -> sessions.storedEvents(sessionId, seq));
            return new Subscription(conversationId, sessionId, sink, lastSeq, log::sinkFree);
        } catch (RuntimeException e) {
            sessions.release(sessionId);
            throw e;
        }
    }

    public void unsubscribe(Subscription subscription) {
        boolean removed = sessions.find(subscription.sessionId())
                .map(session -> session.log().unsubscribe(subscription.sink())).orElse(false);
        if (removed) {
            sessions.release(subscription.sessionId());
        }
    }

    /** Turns running now. */
    public int runningTurns() {
        return running.count();
    }

    /** Sessions held in memory (for tests and diagnostics: idle sessions must not stay). */
    public int sessionsInMemory() {
        return sessions.size();
    }

    /**
     * Retention: deletes messages older than {@code cutoff} and, in the same transaction, the stored
     * events of that age; memory lets go of them too, so no replay brings their text back.
     */
    MessageRepository.Deleted deleteOlderThan(long cutoff) {
        MessageRepository.Deleted deleted = messages.deleteOlderThan(cutoff, line -> {
            AgentEvent event = AgentEvent.parse(line);
            return new EventStamp(event.seq(), event.timestamp());
        });
        sessions.forEach(session -> session.log().forgetBefore(cutoff));
        return deleted;
    }

    /**
     * Closes, as interrupted, every turn a crash left running; called once at start-up. With
     * other nodes on the store, only the turns of dead nodes are theirs to close, and
     * {@link NodeWatch} does that from now on, every few seconds.
     */
    public int recoverCrashedTurns() {
        if (nodes != null) {
            nodes.start();
            return 0;
        }
        return new CrashRecovery(turns, sessions, setup.clock()).run();
    }

    /** Ends a dead node's turn; its owner's tabs, wherever they are, see it no longer running. */
    private void recoverLostTurn(TurnRepository.RunningTurn turn) {
        new CrashRecovery(turns, sessions, setup.clock()).nodeLost(turn);
        sync.ended(turn.containerId(), turn.conversationId());
    }

    /**
     * Interrupts running turns (their partial answers are saved), waits for their writes, tries once
     * more what failed writes left staged (if there is room now), stops the executors.
     */
    @Override
    public void close() {
        List<TurnRunner> runners = running.all();
        runners.forEach(r -> r.interrupt(StopCause.SHUTDOWN));
        runners.forEach(r -> awaitQuietly(r.ended(), "a turn's last write"));
        sessions.forEach(session -> {
            if (session.writer() != null && session.writer().hasStaged()) {
                awaitQuietly(session.writer().save(null, List.of(), Urgency.MUST_TRY),
                        "the end of a turn that could not be saved (it is lost with this shutdown)");
            }
        });
        if (nodes != null) {
            nodes.close(); // after the turns' last writes: until then their node must not look dead
        }
        RuntimePools.shutdown(setup.toolExecutor());
        RuntimePools.shutdown(setup.storeExecutor());
        setup.timer().shutdownNow(); // after the last writes: held text went out with their turns' ends
    }

    private static void awaitQuietly(CompletableFuture<Void> future, String what) {
        try {
            future.get(10, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.warn("Waited in vain for {}: {}", what, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
