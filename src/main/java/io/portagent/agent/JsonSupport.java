package io.portagent.agent;

import jakarta.json.spi.JsonProvider;

/**
 * The JSON-P provider, looked up once for the agent and the socket protocol. Each static method
 * of {@code jakarta.json.Json} runs a ServiceLoader lookup, which in a web application scans
 * every jar of WEB-INF/lib; on the path of every streamed delta that was the largest cost
 * measured by the load benchmark (bench/).
 */
public final class JsonSupport {

    public static final JsonProvider PROVIDER = JsonProvider.provider();

    private JsonSupport() {
    }
}
