package io.portagent.llm;

import static io.portagent.llm.LlmTesting.WAIT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.portagent.config.ConfigSource;
import io.portagent.config.Settings;
import io.portagent.testing.FakeAnthropic;
import io.portagent.testing.FakeOpenAi;
import io.portagent.testing.Script;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two providers of different protocols behind one router: each request reaches the provider of its model. */
class ModelRouterTest {

    @TempDir
    Path dir;

    private FakeAnthropic anthropic;
    private FakeOpenAi openai;
    private ModelRouter router;

    @BeforeEach
    void start() {
        anthropic = FakeAnthropic.start();
        openai = FakeOpenAi.start();
        Settings settings = Settings.resolve(List.of(ConfigSource.of("test", Map.of(
                "AGENTX_DIR", dir.toString(), "LLM_PROVIDERS", "default,local",
                "LLM_PROVIDER_KEY", LlmTesting.API_KEY, "LLM_PROVIDER_URL", anthropic.baseUri().toString(),
                "LLM_PROVIDER_MODELS", "claude-x,shared",
                "LLM_PROVIDER_LOCAL_TYPE", "openai", "LLM_PROVIDER_LOCAL_URL", openai.baseUri().toString(),
                "LLM_PROVIDER_LOCAL_MODELS", "qwen,shared"))));
        router = ModelRouter.start(settings);
    }

    @AfterEach
    void stop() {
        router.close();
        anthropic.close();
        openai.close();
    }

    private String answer(String model) {
        RecordingListener listener = new RecordingListener();
        router.stream(new LlmRequest(model, 64, null, List.of(LlmMessage.user("Hi")), List.of()), listener);
        listener.awaitCompletion(WAIT);
        return listener.text();
    }

    @Test
    void eachModelIsAskedOfItsOwnProviderUnderItsOwnName() {
        anthropic.enqueue(Script.text("from anthropic"), Script.text("anthropic's shared"));
        openai.enqueue(Script.text("from openai"), Script.text("openai's shared"));

        assertEquals("from openai", answer("qwen"));
        assertEquals("from anthropic", answer("claude-x"));
        assertEquals("openai's shared", answer("local:shared"));
        assertEquals("anthropic's shared", answer("default:shared"));
        assertEquals(List.of("qwen", "shared"), openai.requests().stream()
                .map(r -> r.bodyJson().getString("model")).toList());
        assertEquals(List.of("claude-x", "shared"), anthropic.requests().stream()
                .map(r -> r.bodyJson().getString("model")).toList());
    }

    @Test
    void aModelNoProviderServesIsRefusedBeforeAnyCall() {
        assertThrows(IllegalArgumentException.class, () -> router.stream(new LlmRequest("gpt-unknown", 64, null,
                List.of(LlmMessage.user("Hi")), List.of()), new RecordingListener()));
        assertEquals(0, anthropic.requests().size() + openai.requests().size());
    }
}
