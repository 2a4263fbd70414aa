package io.portagent.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.testing.Script;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Proves one client carries many concurrent streams on its few reactor threads. */
@Timeout(value = 20, unit = TimeUnit.SECONDS)
class LlmClientLoadTest {

    private static final int STREAMS = 200;
    private static final int DELTAS = 40;

    @RegisterExtension
    final LlmFixture llm = new LlmFixture();

    @Test
    void twoHundredConcurrentStreamsAllCompleteCorrectlyOnTheReactorThreadsAlone() {
        List<String> deltas = new ArrayList<>();
        for (int i = 0; i < DELTAS; i++) {
            deltas.add("d" + i + " ");
        }
        String expected = String.join("", deltas);
        List<RecordingListener> listeners = new ArrayList<>();
        llm.fake().defaultScript(Script.text(deltas.toArray(String[]::new)).deltaDelay(Duration.ofMillis(25)));
        for (int i = 0; i < STREAMS; i++) {
            RecordingListener listener = new RecordingListener();
            listeners.add(listener);
            llm.stream(listener);
        }

        Set<String> threads = new HashSet<>();
        for (RecordingListener listener : listeners) {
            listener.awaitCompletion(Duration.ofSeconds(15));
            assertEquals(expected, listener.text());
            threads.addAll(listener.threads());
        }
        assertEquals(0, llm.client().activeCalls());
        assertEquals(STREAMS, llm.fake().requests().size(), "no retries were needed");
        assertTrue(llm.fake().peakActiveStreams() >= STREAMS / 2,
                "streams ran concurrently, peak " + llm.fake().peakActiveStreams());
        assertTrue(threads.size() <= Runtime.getRuntime().availableProcessors(), "listener threads " + threads);
        assertTrue(threads.stream().allMatch(name -> name.startsWith("llm-io-")), threads.toString());
    }
}
