package io.portagent.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.portagent.testing.Script;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Subscribing with afterSeq yields every missed event exactly once, from memory or from the database. */
class ReplayTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    private RuntimeFixture fixture;
    private Caller alice;
    private String imageId;

    @BeforeEach
    void setUp() {
        fixture = new RuntimeFixture();
        alice = fixture.newUser();
        imageId = fixture.newConversation(alice);
    }

    @AfterEach
    void tearDown() {
        fixture.close();
    }

    private static List<Long> seqs(CollectingSink sink) {
        return sink.events().stream().map(AgentEvent::seq).toList();
    }

    private static void assertGapFree(List<Long> seqs, long first, long last) {
        assertEquals(last - first + 1, seqs.size(), "count of " + seqs);
        for (int i = 0; i < seqs.size(); i++) {
            assertEquals(first + i, seqs.get(i));
        }
    }

    @Test
    void joiningMidStreamWithAfterSeqGetsTheRestOnceThenLiveEvents() {
        CollectingSink first = new CollectingSink();
        fixture.runtime().subscribe(alice, imageId, null, first);
        fixture.fake.enqueue(Script.text("a", "b", "c", "d", "e", "f", "g", "h", "i", "j")
                .deltaDelay(Duration.ofMillis(100)));
        fixture.runtime().send(alice, imageId, "go");
        first.awaitCount(EventType.TEXT_DELTA, 3, WAIT);
        long seenSeq = first.events().get(2).seq();

        CollectingSink second = new CollectingSink();
        fixture.runtime().subscribe(alice, imageId, seenSeq, second);
        first.await(EventType.CONVERSATION_END, WAIT);
        second.await(EventType.CONVERSATION_END, WAIT);

        List<Long> all = seqs(first);
        assertGapFree(seqs(second), seenSeq + 1, all.get(all.size() - 1));
        List<AgentEvent> tail = first.events().subList(3, all.size());
        assertEquals(tail.stream().map(AgentEvent::json).toList(),
                second.events().stream().map(AgentEvent::json).toList());
    }

    @Test
    void afterTheSessionLeftMemoryTheStoredEventsAreReplayed() {
        CollectingSink live = new CollectingSink();
        AgentRuntime.Subscription subscription = fixture.runtime().subscribe(alice, imageId, null, live);
        fixture.fake.enqueue(Script.text("one ", "two"), Script.text("three ", "four"));
        fixture.runtime().send(alice, imageId, "first");
        live.await(EventType.CONVERSATION_END, WAIT);
        fixture.awaitHistory(alice, imageId, 2);
        fixture.runtime().send(alice, imageId, "second");
        live.awaitCount(EventType.CONVERSATION_END, 2, WAIT);
        fixture.awaitHistory(alice, imageId, 4);
        fixture.runtime().unsubscribe(subscription);
        fixture.awaitSessionsInMemory(0); // an idle session leaves memory once its turn has let it go

        CollectingSink late = new CollectingSink();
        long lastSeq = fixture.runtime().subscribe(alice, imageId, 2L, late).lastSeq();
        List<Long> expected = seqs(live).stream().filter(s -> s > 2).toList();
        assertEquals(expected, seqs(late));
        assertEquals(live.events().get(live.events().size() - 1).seq(), lastSeq);
        assertEquals(live.text(), late.text());
    }

    @Test
    void replayAfterARestartContinuesTheSameSeq() {
        CollectingSink before = new CollectingSink();
        fixture.runtime().subscribe(alice, imageId, null, before);
        fixture.fake.enqueue(Script.text("kept"));
        fixture.runtime().send(alice, imageId, "remember");
        before.await(EventType.CONVERSATION_END, WAIT);
        fixture.awaitHistory(alice, imageId, 2);
        long last = before.events().get(before.events().size() - 1).seq();

        fixture.stop();
        fixture.open();
        assertEquals(2, fixture.runtime().conversations().history(alice, imageId).size());
        CollectingSink after = new CollectingSink();
        assertEquals(last, fixture.runtime().subscribe(alice, imageId, 0L, after).lastSeq());
        assertGapFree(seqs(after), 1, last);
        fixture.fake.enqueue(Script.text("again"));
        fixture.runtime().send(alice, imageId, "more");
        after.await(e -> e.seq() == last + 1, WAIT, "seq " + (last + 1));
    }
}
