package io.portagent.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import jakarta.json.Json;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/**
 * Other nodes' events into a session's log: in seq order, each once, gaps filled from the store
 * (where seq may jump over a crash's gap), and never written again by this node.
 */
class RemoteFeedTest {

    private static final EventContext CONTEXT = new EventContext("c", "i", "s", "t");

    private final SessionLog log = new SessionLog(10, Clock.systemUTC());
    private final SessionWriter writer = new SessionWriter("s", log, null, Runnable::run, null);
    private final List<AgentEvent> stored = new CopyOnWriteArrayList<>();
    private final RemoteFeed feed = new RemoteFeed(log, writer, after -> stored.stream()
            .filter(e -> e.seq() > after).toList(), Runnable::run);
    private final List<Long> delivered = new ArrayList<>();

    RemoteFeedTest() {
        log.subscribe(e -> delivered.add(e.seq()), null, after -> List.of());
    }

    private static AgentEvent event(long seq) {
        return AgentEvent.create(EventType.TEXT_DELTA, seq, 1, CONTEXT, Json.createObjectBuilder().add("text", "x")
                .build());
    }

    @Test
    void liveEventsArriveInOrderOnceAndAreNotLeftForThisNodeToWrite() {
        feed.live(List.of(event(11), event(12)));
        feed.live(List.of(event(12), event(13)));
        assertEquals(List.of(11L, 12L, 13L), delivered);
        assertEquals(13, log.lastSeq());
        assertFalse(writer.hasStaged(), "the sender writes them, not this node");
    }

    @Test
    void aGapWaitsForTheStoreThenTheWaitingEventsFollow() {
        feed.live(List.of(event(13), event(14)));
        assertEquals(List.of(), delivered, "11 and 12 are missing: nothing may pass them");
        stored.addAll(List.of(event(11), event(12)));
        feed.committed(12);
        assertEquals(List.of(11L, 12L, 13L, 14L), delivered);
    }

    @Test
    void aCrashGapInTheStoreIsJumpedOver() {
        stored.addAll(List.of(event(11), event(1_012), event(1_013)));
        feed.live(List.of(event(1_014)));
        feed.committed(1_013);
        assertEquals(List.of(11L, 1_012L, 1_013L, 1_014L), delivered);
    }
}
