package io.portagent.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.portagent.testing.Script;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Many turns at once on many conversations: every message stored once, in order, with its own answer. */
class ConcurrentTurnsTest {

    @Test
    void fiftyConcurrentTurnsLoseAndDuplicateNothing() throws Exception {
        try (RuntimeFixture fixture = new RuntimeFixture(ToolRegistry.NONE, Map.of())) {
            fixture.fake.defaultScript(Script.text("The ", "answer ", "is ", "here.").deltaDelay(Duration.ofMillis(20)));
            List<Caller> users = new ArrayList<>();
            List<String> images = new ArrayList<>();
            List<CollectingSink> sinks = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                Caller user = fixture.newUser();
                String imageId = fixture.newConversation(user);
                CollectingSink sink = new CollectingSink();
                fixture.runtime().subscribe(user, imageId, null, sink);
                users.add(user);
                images.add(imageId);
                sinks.add(sink);
            }
            ExecutorService senders = Executors.newFixedThreadPool(16);
            List<Future<String>> sent = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                int n = i;
                sent.add(senders.submit(() -> fixture.runtime().send(users.get(n), images.get(n), "question " + n)));
            }
            for (Future<String> future : sent) {
                future.get(30, TimeUnit.SECONDS);
            }
            senders.shutdown();
            for (int i = 0; i < 50; i++) {
                sinks.get(i).await(EventType.CONVERSATION_END, Duration.ofSeconds(60));
                List<Message> history = fixture.awaitHistory(users.get(i), images.get(i), 2);
                assertEquals(2, history.size(), "conversation " + i);
                assertEquals("\"question " + i + "\"", history.get(0).content());
                assertEquals("\"The answer is here.\"", history.get(1).content());
                assertEquals("The answer is here.", sinks.get(i).text());
            }
            assertEquals(50, fixture.fake.requests().size());
        }
    }
}
