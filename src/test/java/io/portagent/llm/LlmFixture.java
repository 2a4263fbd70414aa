package io.portagent.llm;

import static io.portagent.llm.LlmTesting.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.portagent.testing.Dialect;
import io.portagent.testing.FakeModelServer;
import java.util.List;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * For each test: a fake provider (Anthropic unless told), the client under test pointed at it (fast retries, and
 * whatever the class tunes), and a listener; afterwards both closed, and the fake checked for
 * failures of its own. Register it on an instance field:
 *
 * <pre>{@code
 * @RegisterExtension
 * final LlmFixture llm = new LlmFixture(config -> config.withMaxConnections(1));
 * }</pre>
 */
final class LlmFixture implements BeforeEachCallback, AfterEachCallback {

    private final Dialect dialect;
    private final UnaryOperator<LlmConfig> tuning;
    private FakeModelServer fake;
    private LlmClient client;
    private RecordingListener listener;

    LlmFixture() {
        this(config -> config);
    }

    /** With the client's configuration changed by {@code tuning}, e.g. shorter timeouts. */
    LlmFixture(UnaryOperator<LlmConfig> tuning) {
        this(Dialect.ANTHROPIC, tuning);
    }

    /** Against a fake of {@code dialect}, with the client's configuration changed by {@code tuning}. */
    LlmFixture(Dialect dialect, UnaryOperator<LlmConfig> tuning) {
        this.dialect = dialect;
        this.tuning = tuning;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        fake = dialect.start();
        listener = new RecordingListener();
    }

    @Override
    public void afterEach(ExtensionContext context) {
        try {
            if (client != null) {
                client.close();
            }
        } finally {
            fake.close();
        }
        assertEquals(List.of(), fake.internalErrors());
    }

    FakeModelServer fake() {
        return fake;
    }

    /** The client's configuration: pointed at the fake, retries backing off 20 ms to 200 ms, then tuned. */
    LlmConfig config() {
        return tuning.apply(LlmTesting.config(fake));
    }

    /** The client under test, made on first use and closed after the test. */
    LlmClient client() {
        if (client == null) {
            client = new LlmClient(config());
        }
        return client;
    }

    /** The listener of {@link #stream()}. */
    RecordingListener listener() {
        return listener;
    }

    /** Streams {@link LlmTesting#hello()} to the fixture's listener. */
    LlmCall stream() {
        return stream(listener);
    }

    LlmCall stream(RecordingListener to) {
        return client().stream(LlmTesting.hello(), to);
    }

    /** Streams and waits for completion; fails if the call failed. Returns the listener. */
    RecordingListener streamToCompletion() {
        stream();
        listener.awaitCompletion(WAIT);
        return listener;
    }

    /** Streams and waits for the failure; fails if the call completed. */
    LlmFailure streamToFailure() {
        stream();
        return listener.awaitFailure(WAIT);
    }

    /** The same through a client of its own with {@code other} configuration, closed before returning. */
    RecordingListener streamToCompletion(LlmConfig other) {
        try (LlmClient own = new LlmClient(other)) {
            own.stream(LlmTesting.hello(), listener);
            listener.awaitCompletion(WAIT);
        }
        return listener;
    }

    LlmFailure streamToFailure(LlmConfig other) {
        try (LlmClient own = new LlmClient(other)) {
            own.stream(LlmTesting.hello(), listener);
            return listener.awaitFailure(WAIT);
        }
    }
}
