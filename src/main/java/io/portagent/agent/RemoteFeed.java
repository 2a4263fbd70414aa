package io.portagent.agent;

import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.Executor;

/**
 * The events other nodes append to a session this node holds (it has subscribers here), put
 * into the session's log in seq order, each once. Live events arrive by notice; one that comes
 * after a gap waits until the gap is filled, from the store, once the sender says its events are
 * committed (an event too large for a notice is only ever read from there). From the store,
 * seq may jump: what committed events lack is a crash's gap, gone for good.
 */
final class RemoteFeed {

    private final SessionLog log;
    private final SessionWriter writer;
    private final SessionLog.StoredEvents stored;
    private final Executor executor;
    // guarded by this
    private final TreeMap<Long, AgentEvent> waiting = new TreeMap<>();
    private boolean catchUpQueued;

    RemoteFeed(SessionLog log, SessionWriter writer, SessionLog.StoredEvents stored, Executor executor) {
        this.log = log;
        this.writer = writer;
        this.stored = stored;
        this.executor = executor;
    }

    /** Events a notice carried, in the sender's order. */
    void live(List<AgentEvent> events) {
        boolean gap;
        synchronized (this) {
            for (AgentEvent event : events) {
                if (event.seq() > log.lastSeq()) {
                    waiting.put(event.seq(), event);
                }
            }
            drain();
            gap = !waiting.isEmpty();
        }
        if (gap) {
            requestCatchUp(); // in case the missing events are committed already
        }
    }

    /** The sender committed the session's events up to {@code seq}. */
    void committed(long seq) {
        if (seq > log.lastSeq()) {
            requestCatchUp();
        }
    }

    void requestCatchUp() {
        synchronized (this) {
            if (catchUpQueued) {
                return;
            }
            catchUpQueued = true;
        }
        executor.execute(() -> {
            synchronized (this) {
                catchUpQueued = false;
            }
            catchUp();
        });
    }

    /** Reads what the store has beyond this node's last event and takes it in (a database read). */
    void catchUp() {
        List<AgentEvent> committed = stored.after(log.lastSeq());
        synchronized (this) {
            for (AgentEvent event : committed) {
                take(event);
            }
            drain();
        }
    }

    private void drain() {
        waiting.headMap(log.lastSeq(), true).clear();
        while (!waiting.isEmpty() && waiting.firstKey() == log.lastSeq() + 1) {
            take(waiting.pollFirstEntry().getValue());
        }
    }

    private void take(AgentEvent event) {
        if (event.type() == EventType.USER_MESSAGE && event.seq() > log.lastSeq()) {
            log.startTurn(); // as for a turn of this node: the earlier turns' events leave memory
        }
        if (log.ingest(event)) {
            writer.adopt(event.seq());
        }
    }
}
