package io.portagent.agent;

import io.portagent.store.TurnRepository.EventChunk;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;

/**
 * The event stream of one session: hands out the next {@code seq}, keeps the recent events in
 * memory, delivers each event to the subscribers in order, and replays missed events to a new
 * subscriber. It never touches the database itself: replay reads stored events through
 * {@link StoredEvents} outside this object's lock, and {@link SessionWriter} tells it what is
 * committed, the only events memory may let go of.
 */
final class SessionLog {

    /** Past this many events in memory, the oldest committed ones are dropped. */
    static final int MEMORY_LIMIT = 10_000;

    /** The stored events of a session after a seq, oldest first (a database read: slow, never under a lock). */
    @FunctionalInterface
    interface StoredEvents {
        List<AgentEvent> after(long seq);
    }

    private final Clock clock;
    private final List<AgentEvent> recent = new ArrayList<>();
    private final List<EventSink> sinks = new ArrayList<>();
    /** Told when a busy subscriber's socket has sent all it had: the running turn's held text (or null). */
    private volatile Runnable whenFree;
    /** Where this node's own events also go (to the other nodes), or null on a single node. */
    private volatile EventSink outbound;
    // written under the monitor, read without it (is anything left to write? asks it under other locks)
    private volatile long lastSeq;
    private long committedSeq;

    /** {@code lastSeq} as the database has it: every event up to it is committed. */
    SessionLog(long lastSeq, Clock clock) {
        this.lastSeq = lastSeq;
        this.committedSeq = lastSeq;
        this.clock = clock;
    }

    /** Appends an event given its context and data as JSON (see {@link AgentEvent#create(EventType, long, long, String, String)}). */
    synchronized AgentEvent append(EventType type, String contextJson, String dataJson) {
        AgentEvent event = AgentEvent.create(type, ++lastSeq, clock.millis(), contextJson, dataJson);
        recent.add(event);
        for (EventSink sink : sinks) {
            sink.accept(event);
        }
        EventSink out = outbound;
        if (out != null) {
            out.accept(event);
        }
        return event;
    }

    /** Whether some subscriber is still sending an earlier event (see {@link EventSink#busy()}). */
    synchronized boolean busy() {
        for (EventSink sink : sinks) {
            if (sink.busy()) {
                return true;
            }
        }
        return false;
    }

    /** What to run when a subscriber that was busy has sent all it had (the running turn's; replaces the last). */
    void whenFree(Runnable action) {
        this.whenFree = action;
    }

    /**
     * A subscriber's socket has sent all it had queued. Called by the socket's own completion, with
     * no lock held; cheap when nothing waits for it (one volatile read).
     */
    void sinkFree() {
        Runnable action = whenFree;
        if (action != null) {
            action.run();
        }
    }

    void outbound(EventSink sink) {
        this.outbound = sink;
    }

    /**
     * An event another node appended to this session (it writes it to the store, not this node),
     * delivered like this node's own; only if it is newer than the last one here.
     */
    synchronized boolean ingest(AgentEvent event) {
        if (event.seq() <= lastSeq) {
            return false;
        }
        lastSeq = event.seq();
        recent.add(event);
        for (EventSink sink : sinks) {
            sink.accept(event);
        }
        return true;
    }

    /** Leaves {@code count} numbers unused (after a crash: clients that saw unsaved events notice a gap). */
    synchronized void skip(long count) {
        lastSeq += count;
    }

    /** The events after {@code seq} as one chunk for the writer, or null when there are none. */
    synchronized EventChunk chunkAfter(long seq) {
        // one line per event; the joiner sizes the text first and copies each line once
        StringJoiner lines = new StringJoiner("\n", "", "\n");
        AgentEvent first = null;
        AgentEvent last = null;
        for (AgentEvent event : recent) {
            if (event.seq() > seq) {
                first = first == null ? event : first;
                last = event;
                lines.add(event.json());
            }
        }
        return first == null ? null
                : new EventChunk(first.seq(), last.seq(), first.timestamp(), last.timestamp(), lines.toString());
    }

    /** The store committed every event up to {@code seq}; memory may let go of them past its limit. */
    synchronized void committed(long seq) {
        committedSeq = Math.max(committedSeq, seq);
        if (recent.size() > MEMORY_LIMIT) {
            recent.removeIf(e -> e.seq() <= committedSeq && recent.size() > MEMORY_LIMIT);
        }
    }

    /** A new turn begins: the earlier turns' committed events leave memory. */
    synchronized void startTurn() {
        recent.removeIf(e -> e.seq() <= committedSeq);
    }

    /** Retention: committed events older than {@code time} (epoch ms) leave memory, as they left the store. */
    synchronized void forgetBefore(long time) {
        recent.removeIf(e -> e.seq() <= committedSeq && e.timestamp() < time);
    }

    /**
     * Sends {@code sink} every event after {@code afterSeq} (if given), then every new one; no gap,
     * no duplicate. Older events than memory holds are read from {@code stored} without this
     * object's lock, so appends (on the model client's threads) never wait for the database; the
     * sink joins the live subscribers only under the lock, after the memory's events.
     */
    long subscribe(EventSink sink, Long afterSeq, StoredEvents stored) {
        if (afterSeq == null) {
            synchronized (this) {
                sinks.add(sink);
                return lastSeq;
            }
        }
        long delivered = afterSeq;
        while (true) {
            long memoryStart;
            synchronized (this) {
                memoryStart = recent.isEmpty() ? lastSeq + 1 : recent.get(0).seq();
                if (delivered + 1 >= memoryStart || delivered >= lastSeq) {
                    for (AgentEvent event : recent) {
                        if (event.seq() > delivered) {
                            sink.accept(event);
                        }
                    }
                    sinks.add(sink);
                    return lastSeq;
                }
            }
            for (AgentEvent event : stored.after(delivered)) {
                if (event.seq() > delivered && event.seq() < memoryStart) {
                    sink.accept(event);
                    delivered = event.seq();
                }
            }
            // below memoryStart every event is committed: what the store lacks is gone for good (a crash gap, retention)
            delivered = Math.max(delivered, memoryStart - 1);
        }
    }

    synchronized boolean unsubscribe(EventSink sink) {
        return sinks.remove(sink);
    }

    long lastSeq() {
        return lastSeq;
    }
}
