package io.portagent.llm;

import io.portagent.testing.FakeAnthropic;
import java.time.Duration;
import java.util.List;

/** Shared set-up for the llm tests: a config pointing at the fake with fast retries, and requests. */
final class LlmTesting {

    static final String API_KEY = "sk-ant-api03-test-key-0123456789";
    static final String MODEL = "claude-sonnet-4-20250514";
    static final Duration WAIT = Duration.ofSeconds(5);

    private LlmTesting() {
    }

    /** Defaults, except retries back off 20 ms to 200 ms so retry tests stay fast. */
    static LlmConfig config(FakeAnthropic fake) {
        return LlmConfig.of(fake.baseUri(), API_KEY)
                .withRetries(LlmConfig.DEFAULT_MAX_ATTEMPTS, Duration.ofMillis(20), Duration.ofMillis(200));
    }

    static LlmRequest hello() {
        return new LlmRequest(MODEL, 1024, "Be brief.", List.of(LlmMessage.user("Hi")), List.of());
    }
}
