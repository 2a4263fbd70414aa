package io.portagent.testing;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.Map;

/**
 * The protocols a {@link FakeModelServer} speaks. Tests that must hold for every provider type
 * run once per dialect ({@code @ParameterizedClass @EnumSource(Dialect.class)}) with the same
 * {@link Script}s.
 */
public enum Dialect {
    ANTHROPIC("anthropic", "", "/v1/messages", new AnthropicWire()),
    OPENAI("openai", "/v1", "/v1/chat/completions", new OpenAiWire());

    private final String providerType;
    private final String basePath;
    private final String path;
    private final Wire wire;

    Dialect(String providerType, String basePath, String path, Wire wire) {
        this.providerType = providerType;
        this.basePath = basePath;
        this.path = path;
        this.wire = wire;
    }

    /** The value of {@code LLM_PROVIDER_TYPE} for this protocol. */
    public String providerType() {
        return providerType;
    }

    /** What the provider URL setting adds to the host: nothing, or {@code /v1}. */
    public String basePath() {
        return basePath;
    }

    /** The streaming endpoint's path. */
    public String path() {
        return path;
    }

    /** The model list's path: {@code /v1/models} for both (OpenAI's base URL ends in {@code /v1}). */
    public String modelsPath() {
        return "/v1/models";
    }

    /** Starts a fake server of this protocol. */
    public FakeModelServer start() {
        return this == ANTHROPIC ? FakeAnthropic.start() : FakeOpenAi.start();
    }

    /** The settings that point the application's default provider at {@code fake}. */
    public Map<String, String> settings(FakeModelServer fake) {
        return Map.of("LLM_PROVIDER_TYPE", providerType, "LLM_PROVIDER_URL", fake.baseUri().toString());
    }

    /** The key the request carried: {@code x-api-key}, or the bearer token. */
    public String apiKey(RecordedRequest request) {
        return this == ANTHROPIC ? request.header("x-api-key")
                : request.header("authorization") == null ? null : request.header("authorization").substring(7);
    }

    /** The system prompt of a request body. */
    public String systemPrompt(JsonObject body) {
        return this == ANTHROPIC ? body.getString("system", null)
                : conversation(body, true).get(0).asJsonObject().getString("content");
    }

    /** The messages of a request body after the system prompt. */
    public List<JsonValue> conversation(JsonObject body) {
        return conversation(body, false);
    }

    /** The id of the first tool call of an assistant message, or null. */
    public String toolCallId(JsonObject message) {
        JsonArray items = message.getJsonArray(this == ANTHROPIC ? "content" : "tool_calls");
        return items == null ? null : items.stream().map(JsonValue::asJsonObject)
                .filter(i -> this == OPENAI || "tool_use".equals(i.getString("type"))).map(i -> i.getString("id"))
                .findFirst().orElse(null);
    }

    /** The call id a message answers with a tool result, or null. */
    public String toolResultId(JsonObject message) {
        if (this == OPENAI) {
            return message.getString("tool_call_id", null);
        }
        return message.getJsonArray("content").stream().map(JsonValue::asJsonObject)
                .filter(i -> "tool_result".equals(i.getString("type"))).map(i -> i.getString("tool_use_id"))
                .findFirst().orElse(null);
    }

    private List<JsonValue> conversation(JsonObject body, boolean withSystem) {
        List<JsonValue> messages = body.getJsonArray("messages");
        boolean system = this == OPENAI && !messages.isEmpty()
                && "system".equals(messages.get(0).asJsonObject().getString("role"));
        return system && !withSystem ? messages.subList(1, messages.size()) : messages;
    }

    Wire wire() {
        return wire;
    }
}
