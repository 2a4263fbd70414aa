package io.portagent.agent;

import io.portagent.store.TurnRepository;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;

/**
 * The sessions in memory: one per session that has a running turn, a subscriber, or staged rows
 * its writer could not write yet. A session is created on first use and dropped when its last
 * user leaves with nothing staged, so idle sessions cost nothing. The map's lock is never held
 * for I/O: a session reads its {@code seq} from the database after it is in the map.
 */
final class Sessions {

    private final ConcurrentHashMap<String, Session> sessions = new ConcurrentHashMap<>();
    private final TurnRepository store;
    private final ExecutorService storeExecutor;
    private final ScheduledExecutorService timer;
    private final Clock clock;
    /** The other nodes, when the store is shared with them; null on a single node. */
    private final Cluster cluster;

    Sessions(TurnRepository store, ExecutorService storeExecutor, ScheduledExecutorService timer, Clock clock,
            Cluster cluster) {
        this.store = store;
        this.storeExecutor = storeExecutor;
        this.timer = timer;
        this.clock = clock;
        this.cluster = cluster;
    }

    /** The session's stored events after {@code afterSeq}, oldest first (a database read). */
    List<AgentEvent> storedEvents(String sessionId, long afterSeq) {
        List<AgentEvent> events = new java.util.ArrayList<>();
        for (TurnRepository.EventChunk chunk : store.eventsAfter(sessionId, afterSeq)) {
            for (String line : chunk.lines().split("\n")) {
                if (!line.isEmpty()) {
                    events.add(AgentEvent.parse(line));
                }
            }
        }
        return events;
    }

    /** Takes a reference on the session, loading it if new; pair with {@link #release}. */
    Session acquire(String sessionId) {
        Session session = sessions.compute(sessionId, (id, current) -> {
            Session result = current != null ? current : new Session(id);
            result.users++;
            return result;
        });
        try {
            session.load(this);
            return session;
        } catch (RuntimeException e) {
            release(sessionId);
            throw e;
        }
    }

    void release(String sessionId) {
        sessions.computeIfPresent(sessionId, (id, session) -> {
            session.users--;
            return session.users <= 0 && !session.hasStaged() ? null : session;
        });
    }

    /** Drops the session if nobody uses it and its writer has written everything (after a write that failed). */
    void dropIfIdle(String sessionId) {
        sessions.computeIfPresent(sessionId, (id, session) -> session.users <= 0 && !session.hasStaged() ? null
                : session);
    }

    /** A deleted conversation's session: its staged rows are dropped, and the session too if nobody uses it. */
    void discard(String sessionId) {
        sessions.computeIfPresent(sessionId, (id, session) -> {
            session.discard();
            return session.users <= 0 ? null : session;
        });
    }

    Optional<Session> find(String sessionId) {
        return Optional.ofNullable(sessions.get(sessionId));
    }

    void forEach(Consumer<Session> action) {
        List.copyOf(sessions.values()).forEach(action);
    }

    int size() {
        return sessions.size();
    }

    /** One session: its event log and its writer, created together when the session is first used. */
    static final class Session {
        private final String id;
        private int users; // guarded by the map's lock (compute)
        private volatile SessionLog log;
        private volatile SessionWriter writer;
        private volatile RemoteFeed feed;

        private Session(String id) {
            this.id = id;
        }

        SessionLog log() {
            return log;
        }

        SessionWriter writer() {
            return writer;
        }

        /** What other nodes append to this session, or null on a single node. */
        RemoteFeed feed() {
            return feed;
        }

        /**
         * Before this node appends to a session another node may have written: takes in every
         * committed event it does not have yet (a database read), so {@code seq} continues.
         */
        void catchUp() {
            RemoteFeed f = feed;
            if (f != null) {
                try {
                    f.catchUp();
                } catch (RuntimeException e) {
                    // the turn is stored as running already: it goes on, at worst after a gap in seq
                    org.slf4j.LoggerFactory.getLogger(Sessions.class).warn("Session {}: could not read the other"
                            + " nodes' latest events before a turn: {}", id, e.getMessage());
                }
            }
        }

        /** Reads the session's last seq once; only callers of this same session wait for it. */
        private synchronized void load(Sessions owner) {
            if (log == null) {
                SessionLog loaded = new SessionLog(owner.store.lastSeq(id), owner.clock);
                Cluster cluster = owner.cluster;
                writer = new SessionWriter(id, loaded, owner.store, owner.storeExecutor, owner.timer,
                        cluster == null ? null : seq -> cluster.committed(id, seq), () -> owner.dropIfIdle(id));
                if (cluster != null) {
                    feed = new RemoteFeed(loaded, writer, seq -> owner.storedEvents(id, seq), owner.storeExecutor);
                    loaded.outbound(event -> cluster.relay(id, event));
                }
                log = loaded;
            }
        }

        private boolean hasStaged() {
            SessionWriter w = writer;
            return w != null && w.hasStaged();
        }

        private void discard() {
            SessionWriter w = writer;
            if (w != null) {
                w.discard();
            }
        }
    }
}
