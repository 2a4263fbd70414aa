package io.portagent.llm;

import static io.portagent.llm.LlmTesting.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.portagent.config.ConfigSource;
import io.portagent.config.Settings;
import io.portagent.testing.Await;
import io.portagent.testing.FakeAnthropic;
import io.portagent.testing.Script;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Routers replaced under the runtime: the next call goes to the new one, the old one closes once its calls end. */
class SwitchableModelProviderTest {

    @TempDir
    Path dir;

    private FakeAnthropic first;
    private FakeAnthropic second;
    private ModelRouter old;
    private ModelRouter next;
    private SwitchableModelProvider provider;

    @BeforeEach
    void start() {
        first = FakeAnthropic.start();
        second = FakeAnthropic.start();
        old = router(first);
        next = router(second);
    }

    @AfterEach
    void stop() {
        provider.close();
        next.close();
        first.close();
        second.close();
    }

    private ModelRouter router(FakeAnthropic fake) {
        return ModelRouter.start(Settings.resolve(List.of(ConfigSource.of("test", Map.of("AGENTX_DIR", dir.toString(),
                "LLM_PROVIDER_KEY", LlmTesting.API_KEY, "LLM_PROVIDER_URL", fake.baseUri().toString(),
                "LLM_PROVIDER_MODELS", "m")))));
    }

    private RecordingListener call(ModelProvider to) {
        RecordingListener listener = new RecordingListener();
        to.stream(new LlmRequest("m", 64, null, List.of(LlmMessage.user("Hi")), List.of()), listener);
        return listener;
    }

    @Test
    void aCallInFlightEndsOnTheOldClientsWhichCloseAfterItAndTheNextCallUsesTheNewOnes() {
        provider = new SwitchableModelProvider(old, Duration.ofMinutes(5));
        first.enqueue(Script.text("old ", "answer").stallAfterDeltas(1));
        RecordingListener running = call(provider);
        first.awaitStalledStreams(1, WAIT);

        provider.switchTo(next);
        second.enqueue(Script.text("new answer"));
        RecordingListener after = call(provider);
        after.awaitCompletion(WAIT);
        assertEquals("new answer", after.text());
        assertEquals(1, first.requests().size(), "nothing more reached the old provider");

        first.releaseStalls();
        running.awaitCompletion(WAIT);
        assertEquals("old answer", running.text(), "the running call finished on the old clients");
        Await.until("the old clients closed", WAIT, () -> throwsClosed(old));
    }

    @Test
    void withNoCallInFlightTheOldClientsCloseAtOnce() {
        provider = new SwitchableModelProvider(old, Duration.ofMinutes(5));
        provider.switchTo(next);
        Await.until("the old clients closed", WAIT, () -> throwsClosed(old));
        assertThrows(IllegalStateException.class, () -> call(old));
    }

    private static boolean throwsClosed(ModelRouter router) {
        try {
            router.stream(new LlmRequest("m", 64, null, List.of(LlmMessage.user("Hi")), List.of()),
                    new RecordingListener()).cancel();
            return false;
        } catch (IllegalStateException e) {
            return true;
        }
    }
}
