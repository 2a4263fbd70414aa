package io.portagent.llm;

import java.net.URI;
import java.util.function.BiConsumer;

/**
 * What differs between providers, and only that: where a request goes, its headers and body, and
 * how the answer's SSE events read. The HTTP client, the SSE parser, retries, timeouts and the
 * mapping of HTTP statuses are shared ({@link LlmClient}). Implementations live in
 * {@code llm.anthropic} and {@code llm.openai}; nothing outside {@code llm} sees their wire names.
 */
public interface WireProtocol {

    /** The streaming endpoint for a base URL given without a trailing slash. */
    URI endpoint(String baseUrl);

    /** The model list for a base URL given without a trailing slash: a cheap authenticated GET that checks the key. */
    URI modelsEndpoint(String baseUrl);

    /** Adds the authentication and protocol headers; {@code apiKey} may be empty where the type allows it. */
    void headers(String apiKey, BiConsumer<String, String> header);

    /**
     * The UTF-8 request body, always streaming.
     *
     * @throws IllegalArgumentException if a tool input or schema in the request is not JSON
     */
    byte[] render(LlmRequest request);

    /** A decoder for one HTTP response (decoders keep state between events). */
    StreamDecoder decoder();
}
