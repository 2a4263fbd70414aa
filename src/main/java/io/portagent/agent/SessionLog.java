package io.portagent.agent;

import io.portagent.store.TurnRepository;
import io.portagent.store.TurnRepository.Checkpoint;
import io.portagent.store.TurnRepository.EventChunk;
import jakarta.json.JsonObject;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * The event stream of one session: hands out the next {@code seq}, keeps the recent events in
 * memory (the turn in flight and the one before), remembers which of them are persisted, and
 * delivers each event to the subscribers in order. Replay reads memory first and falls back to
 * the stored chunks only for older events. When a turn's closing write fails (a full disk), the
 * log keeps that write and stays in memory until the session's next write succeeds: the events
 * its subscribers saw are neither lost nor numbered twice.
 */
final class SessionLog {

    /** Past this many events in memory, the oldest already-persisted ones are dropped. */
    static final int MEMORY_LIMIT = 10_000;

    private final String sessionId;
    private final TurnRepository store;
    private final Clock clock;
    private final List<AgentEvent> recent = new ArrayList<>();
    private final List<EventSink> sinks = new ArrayList<>();
    private long lastSeq;
    private long persistedSeq;
    private int users;
    // volatile: SessionLogs reads it inside its map's lock, where taking this monitor could wait on a slow send
    private volatile Checkpoint unsaved;

    SessionLog(String sessionId, TurnRepository store, Clock clock) {
        this.sessionId = sessionId;
        this.store = store;
        this.clock = clock;
        this.lastSeq = store.lastSeq(sessionId);
        this.persistedSeq = lastSeq;
    }

    synchronized AgentEvent append(EventType type, EventContext context, JsonObject data) {
        AgentEvent event = AgentEvent.create(type, ++lastSeq, clock.millis(), context, data);
        recent.add(event);
        for (EventSink sink : sinks) {
            sink.accept(event);
        }
        return event;
    }

    /** The events not yet handed to the store, as one chunk, or null when there are none. */
    synchronized EventChunk unpersisted(long fromSeqExclusive) {
        StringBuilder lines = new StringBuilder();
        long first = -1;
        long last = -1;
        for (AgentEvent event : recent) {
            if (event.seq() > fromSeqExclusive) {
                first = first < 0 ? event.seq() : first;
                last = event.seq();
                lines.append(event.json()).append('\n');
            }
        }
        return first < 0 ? null : new EventChunk(first, last, lines.toString());
    }

    /** The store committed everything up to {@code seq}; memory may now let go of older events. */
    synchronized void persisted(long seq) {
        persistedSeq = Math.max(persistedSeq, seq);
        if (recent.size() > MEMORY_LIMIT) {
            recent.removeIf(e -> e.seq() <= persistedSeq && recent.size() > MEMORY_LIMIT);
        }
    }

    /** The last seq the store has committed. */
    synchronized long persistedSeq() {
        return persistedSeq;
    }

    /** Keeps the closing write of a turn that could not be saved, for {@link #saveUnsaved} to write later. */
    synchronized void keepUnsaved(Checkpoint closing) {
        unsaved = closing;
    }

    boolean hasUnsaved() {
        return unsaved != null;
    }

    /**
     * Writes the closing write a failed turn left behind, if any; called on the store executor
     * before anything newer of this session is written. Throws if it still cannot be written.
     */
    void saveUnsaved() {
        Checkpoint closing;
        synchronized (this) {
            closing = unsaved;
        }
        if (closing == null) {
            return;
        }
        store.save(closing);
        synchronized (this) {
            unsaved = unsaved == closing ? null : unsaved;
        }
        if (closing.events() != null) {
            persisted(closing.events().lastSeq());
        }
    }

    /** The conversation was deleted: nothing is left to save. */
    synchronized void discardUnsaved() {
        unsaved = null;
    }

    /** A new turn begins: the previous turn's events (all persisted) leave memory. */
    synchronized void startTurn() {
        recent.removeIf(e -> e.seq() <= persistedSeq);
    }

    /** Sends {@code sink} every event after {@code afterSeq} (if given), then every new one; no gap, no duplicate. */
    synchronized long subscribe(EventSink sink, Long afterSeq) {
        if (afterSeq != null && afterSeq < lastSeq) {
            long fromMemory = recent.isEmpty() ? lastSeq + 1 : recent.get(0).seq();
            long delivered = afterSeq;
            if (afterSeq + 1 < fromMemory) {
                for (EventChunk chunk : store.eventsAfter(sessionId, afterSeq)) {
                    for (String line : chunk.lines().split("\n")) {
                        AgentEvent event = line.isEmpty() ? null : AgentEvent.parse(line);
                        if (event != null && event.seq() > delivered && event.seq() < fromMemory) {
                            sink.accept(event);
                            delivered = event.seq();
                        }
                    }
                }
            }
            for (AgentEvent event : recent) {
                if (event.seq() > delivered) {
                    sink.accept(event);
                    delivered = event.seq();
                }
            }
        }
        sinks.add(sink);
        return lastSeq;
    }

    synchronized boolean unsubscribe(EventSink sink) {
        return sinks.remove(sink);
    }

    synchronized long lastSeq() {
        return lastSeq;
    }

    /** Reference count kept by {@link SessionLogs}: subscribers and a running turn. */
    int users() {
        return users;
    }

    void users(int delta) {
        users += delta;
    }
}
