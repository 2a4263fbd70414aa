package io.portagent.testing;

/**
 * An application with two providers: the fake Anthropic server of {@link PortagentApp} as
 * {@code default}, serving {@code claude-a}, and an OpenAI-compatible fake as {@code local},
 * serving {@code qwen}.
 */
public final class TwoProviders {

    public static final String ANTHROPIC_MODEL = "claude-a";
    public static final String OPENAI_MODEL = "qwen";

    private TwoProviders() {
    }

    /** The settings that add {@code openai} as the provider {@code local}. */
    public static AppServer.Builder settings(FakeOpenAi openai) {
        return AppServer.builder().set("LLM_PROVIDERS", "default,local").set("LLM_PROVIDER_MODELS", ANTHROPIC_MODEL)
                .set("LLM_PROVIDER_LOCAL_TYPE", "openai").set("LLM_PROVIDER_LOCAL_URL", openai.baseUri().toString())
                .set("LLM_PROVIDER_LOCAL_MODELS", OPENAI_MODEL);
    }
}
