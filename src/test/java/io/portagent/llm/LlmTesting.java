package io.portagent.llm;

import io.portagent.testing.FakeModelServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.List;

/** Shared values of the llm tests: a config pointing at the fake with fast retries, a request, a closed port. */
final class LlmTesting {

    static final String API_KEY = "sk-ant-api03-test-key-0123456789";
    static final String MODEL = "claude-sonnet-4-20250514";
    static final Duration WAIT = Duration.ofSeconds(5);

    private LlmTesting() {
    }

    /** Defaults, except retries back off 20 ms to 200 ms so retry tests stay fast. */
    static LlmConfig config(FakeModelServer fake) {
        return LlmConfig.of(ProviderType.parse(fake.dialect().providerType()).orElseThrow(), fake.baseUri(), API_KEY)
                .withRetries(LlmConfig.DEFAULT_MAX_ATTEMPTS, Duration.ofMillis(20), Duration.ofMillis(200));
    }

    static LlmRequest hello() {
        return new LlmRequest(MODEL, 1024, "Be brief.", List.of(LlmMessage.user("Hi")), List.of());
    }

    /** A loopback port nothing listens on (free a moment ago): connecting is refused. */
    static int closedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
