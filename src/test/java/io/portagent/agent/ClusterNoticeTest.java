package io.portagent.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.Json;
import org.junit.jupiter.api.Test;

/** An event crosses nodes as one notice line and comes back as the same event, without its JSON being parsed. */
class ClusterNoticeTest {

    @Test
    void anEventLineReadsBackAsTheSameEvent() {
        AgentEvent event = AgentEvent.create(EventType.TEXT_DELTA, 42, 1_796_000_000_123L,
                new EventContext("c1", "i1", "s1", "t1"), Json.createObjectBuilder().add("text", "a b\tc \"d\"").build());
        AgentEvent back = Cluster.event(Cluster.line(event));
        assertEquals(event, back);
        assertEquals(EventType.TEXT_DELTA, back.type());
        assertEquals(42, back.seq());
    }
}
