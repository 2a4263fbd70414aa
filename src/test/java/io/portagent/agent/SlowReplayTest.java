package io.portagent.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.testing.Script;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A subscriber that replays from a slow store does not hold up anyone's deltas: the stored events
 * are read outside the session's lock, which the model client's shared threads need for every
 * delta of every conversation they carry.
 */
class SlowReplayTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Duration SLOW_READ = Duration.ofSeconds(3);

    /** Records when each text delta arrived. */
    private static final class TimedSink implements EventSink {
        private final List<Long> arrivals = new ArrayList<>();

        @Override
        public synchronized void accept(AgentEvent event) {
            if (event.type() == EventType.TEXT_DELTA) {
                arrivals.add(System.nanoTime());
            }
        }

        /** The longest wait between two deltas that arrived between {@code from} and {@code to}. */
        synchronized Duration longestGap(long from, long to) {
            long longest = 0;
            for (int i = 1; i < arrivals.size(); i++) {
                if (arrivals.get(i) >= from && arrivals.get(i - 1) <= to) {
                    longest = Math.max(longest, arrivals.get(i) - arrivals.get(i - 1));
                }
            }
            return Duration.ofNanos(longest);
        }

        synchronized int count() {
            return arrivals.size();
        }
    }

    @Test
    void aReplayReadFromASlowStoreDelaysNoRunningTurnsDeltas() throws Exception {
        SlowStore store = new SlowStore("FROM turn_events WHERE sessionId");
        try (RuntimeFixture fixture = new RuntimeFixture(ToolRegistry.NONE, Map.of(), store::wrap)) {
            Caller alice = fixture.newUser();
            String replayed = fixture.newConversation(alice);
            fixture.fake.enqueue(Script.text("an ", "earlier ", "answer"));
            fixture.runtime().send(alice, replayed, "first");
            fixture.awaitHistory(alice, replayed, 2);

            String[] deltas = new String[150];
            java.util.Arrays.fill(deltas, "word ");
            fixture.fake.defaultScript(Script.text(deltas).deltaDelay(Duration.ofMillis(30)));
            List<String> conversations = new ArrayList<>(List.of(replayed));
            for (int i = 0; i < 3; i++) {
                conversations.add(fixture.newConversation(alice));
            }
            List<TimedSink> sinks = new ArrayList<>();
            for (String conversation : conversations) {
                TimedSink sink = new TimedSink();
                fixture.runtime().subscribe(alice, conversation, null, sink);
                sinks.add(sink);
                fixture.runtime().send(alice, conversation, "a long story, please");
            }
            CollectingSink busy = new CollectingSink();
            fixture.runtime().subscribe(alice, replayed, null, busy);
            busy.awaitCount(EventType.TEXT_DELTA, 5, WAIT);

            store.delay(SLOW_READ);
            CollectingSink late = new CollectingSink();
            long from = System.nanoTime();
            long lastSeq = CompletableFuture.supplyAsync(() -> fixture.runtime().subscribe(alice, replayed, 0L, late)
                    .lastSeq()).get(WAIT.toSeconds(), TimeUnit.SECONDS);
            long to = System.nanoTime();
            store.delay(Duration.ZERO);

            assertTrue(store.delayed() > 0 && Duration.ofNanos(to - from).compareTo(SLOW_READ) >= 0,
                    "the replay did wait for the slow store");
            for (int i = 0; i < sinks.size(); i++) {
                Duration gap = sinks.get(i).longestGap(from, to);
                assertTrue(gap.compareTo(Duration.ofMillis(1_500)) < 0, "conversation " + i + " waited " + gap
                        .toMillis() + " ms for a delta while the replay read the store (" + sinks.get(i).count()
                        + " deltas)");
            }
            List<Long> seqs = late.events().stream().map(AgentEvent::seq).toList();
            assertEquals(1L, seqs.get(0));
            for (int i = 1; i < seqs.size(); i++) {
                assertEquals(seqs.get(i - 1) + 1, seqs.get(i), "replay then live, without gap: " + seqs);
            }
            assertTrue(seqs.get(seqs.size() - 1) >= lastSeq);
        }
    }
}
