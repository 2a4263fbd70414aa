package io.portagent.llm.openai;

import io.portagent.llm.LlmRequest;
import io.portagent.llm.StreamDecoder;
import io.portagent.llm.WireProtocol;
import java.net.URI;
import java.util.function.BiConsumer;

/**
 * OpenAI's Chat Completions as OpenAI, vLLM, Ollama, LM Studio and LiteLLM serve it:
 * {@code POST {URL}/chat/completions} (the URL includes {@code /v1}), the key, when there is one,
 * as {@code Authorization: Bearer}.
 */
public final class OpenAiProtocol implements WireProtocol {

    @Override
    public URI endpoint(String baseUrl) {
        return URI.create(baseUrl + "/chat/completions");
    }

    @Override
    public URI modelsEndpoint(String baseUrl) {
        return URI.create(baseUrl + "/models");
    }

    @Override
    public void headers(String apiKey, BiConsumer<String, String> header) {
        if (!apiKey.isEmpty()) {
            header.accept("authorization", "Bearer " + apiKey);
        }
    }

    @Override
    public byte[] render(LlmRequest request) {
        return OpenAiRequest.render(request);
    }

    @Override
    public StreamDecoder decoder() {
        return new OpenAiDecoder();
    }
}
