package io.portagent.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Text deltas are joined at the source only while a subscriber's socket is still sending: the
 * joined event carries the text of those it replaces, every other event sends held text first,
 * held text goes out when the sockets are free again and never waits much longer than
 * {@link TurnEvents#HOLD_MS}.
 */
class TurnEventsTest {

    /** A subscriber whose socket is busy or free as the test says. */
    private static final class Socket extends CollectingSink {
        private volatile boolean busy;

        @Override
        public boolean busy() {
            return busy;
        }
    }

    private final SessionLog log = new SessionLog(0, Clock.systemUTC());
    private final Socket socket = new Socket();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final TurnEvents events = new TurnEvents(log, new EventContext("c", "i", "s", "t"), "m", timer);

    TurnEventsTest() {
        log.subscribe(socket, null, seq -> List.of());
    }

    @AfterEach
    void stopTheTimer() {
        timer.shutdownNow();
    }

    private static JsonObject json(AgentEvent event) {
        return Json.createReader(new StringReader(event.json())).readObject();
    }

    private List<String> texts() {
        return socket.events().stream().filter(e -> e.type() == EventType.TEXT_DELTA)
                .map(e -> json(e).getJsonObject("data").getString("text")).toList();
    }

    @Test
    void aSocketThatKeepsUpGetsEveryDeltaAsItCame() {
        events.textDelta("a");
        events.textDelta("b");
        events.textDelta("c");
        assertEquals(List.of("a", "b", "c"), texts());
    }

    @Test
    void deltasThatArriveWhileTheSocketSendsGoOutTogetherWithTheNextThatFindsItFree() {
        events.textDelta("a");
        socket.busy = true;
        events.textDelta("b");
        events.textDelta("c");
        assertEquals(List.of("a"), texts(), "held while the socket sends");
        socket.busy = false;
        events.textDelta("d");
        assertEquals(List.of("a", "bcd"), texts());
        List<Long> seqs = socket.events().stream().map(AgentEvent::seq).toList();
        assertEquals(List.of(1L, 2L), seqs, "one seq per event sent, no gap");
    }

    @Test
    void heldTextGoesOutAsSoonAsTheSocketSaysItIsFree() {
        socket.busy = true;
        events.textDelta("b");
        events.textDelta("c");
        log.sinkFree();
        assertEquals(List.of(), texts(), "another socket's completion while this one still sends");
        socket.busy = false;
        log.sinkFree();
        assertEquals(List.of("bc"), texts(), "sent by the completion, not by the next delta or the timer");
        log.sinkFree();
        events.textDelta("d");
        assertEquals(List.of("bc", "d"), texts(), "nothing sent twice");
    }

    @Test
    void anyOtherEventSendsTheHeldTextBeforeItself() {
        socket.busy = true;
        events.textDelta("held ");
        events.textDelta("text");
        events.messageStop("end_turn");
        assertEquals(List.of("text_delta", "message_stop"), socket.types());
        assertEquals(List.of("held text"), texts());
    }

    @Test
    void heldTextGoesOutWithinTheHoldTimeEvenIfTheSocketStaysBusy() {
        socket.busy = true;
        long start = System.nanoTime();
        events.textDelta("late");
        AgentEvent sent = socket.await(EventType.TEXT_DELTA, Duration.ofSeconds(5));
        long waited = (System.nanoTime() - start) / 1_000_000;
        assertEquals("late", json(sent).getJsonObject("data").getString("text"));
        assertTrue(waited >= TurnEvents.HOLD_MS - 5, "held about " + TurnEvents.HOLD_MS + " ms, not " + waited);
    }

    @Test
    void aReplayFromTheLogShowsTheSameJoinedEvents() {
        socket.busy = true;
        events.textDelta("x");
        events.textDelta("y");
        events.conversationEnd("end_turn");
        CollectingSink late = new CollectingSink();
        log.subscribe(late, 0L, seq -> List.of());
        assertEquals(socket.events(), late.events());
    }
}
