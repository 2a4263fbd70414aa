package io.portagent.llm.anthropic;

import io.portagent.llm.LlmRequest;
import io.portagent.llm.StreamDecoder;
import io.portagent.llm.WireProtocol;
import java.net.URI;
import java.util.function.BiConsumer;

/** Anthropic's Messages API: {@code POST {URL}/v1/messages}, {@code x-api-key}, {@code anthropic-version}. */
public final class AnthropicProtocol implements WireProtocol {

    static final String ANTHROPIC_VERSION = "2023-06-01";
    private static final AnthropicDecoder DECODER = new AnthropicDecoder();

    @Override
    public URI endpoint(String baseUrl) {
        return URI.create(baseUrl + "/v1/messages");
    }

    @Override
    public URI modelsEndpoint(String baseUrl) {
        return URI.create(baseUrl + "/v1/models");
    }

    @Override
    public void headers(String apiKey, BiConsumer<String, String> header) {
        header.accept("x-api-key", apiKey);
        header.accept("anthropic-version", ANTHROPIC_VERSION);
    }

    @Override
    public byte[] render(LlmRequest request) {
        return AnthropicRequest.render(request);
    }

    @Override
    public StreamDecoder decoder() {
        return DECODER;
    }
}
