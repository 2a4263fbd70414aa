package io.portagent.llm;

import io.portagent.llm.anthropic.AnthropicProtocol;
import io.portagent.llm.openai.OpenAiProtocol;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;

/** The protocols a provider may speak, by the names {@code LLM_PROVIDER_TYPE} takes. */
public enum ProviderType {
    /** Anthropic's Messages API: {@code POST {URL}/v1/messages}, {@code x-api-key}. */
    ANTHROPIC("anthropic", AnthropicProtocol::new),
    /** OpenAI's Chat Completions, as OpenAI, vLLM, Ollama, LM Studio and LiteLLM serve it: {@code POST {URL}/chat/completions}. */
    OPENAI("openai", OpenAiProtocol::new);

    private final String configName;
    private final Supplier<WireProtocol> protocol;

    ProviderType(String configName, Supplier<WireProtocol> protocol) {
        this.configName = configName;
        this.protocol = protocol;
    }

    public String configName() {
        return configName;
    }

    WireProtocol protocol() {
        return protocol.get();
    }

    /** Whether a provider of this type works without a key (local servers often need none). */
    public boolean keyOptional() {
        return this == OPENAI;
    }

    public static Optional<ProviderType> parse(String name) {
        String wanted = name.strip().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(t -> t.configName.equals(wanted)).findFirst();
    }
}
