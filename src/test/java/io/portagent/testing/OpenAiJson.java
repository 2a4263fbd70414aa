package io.portagent.testing;

import jakarta.json.JsonObjectBuilder;
import jakarta.json.spi.JsonProvider;

/**
 * Renders the JSON of OpenAI's Chat Completions stream ({@code chat.completion.chunk}) and error
 * bodies, in the field order of OpenAI's public documentation. Chunks are rendered once per
 * script, so only the first (made per request) echoes the request's model.
 */
final class OpenAiJson {

    private static final JsonProvider PROVIDER = AnthropicJson.PROVIDER;
    private static final String ID = "chatcmpl-fake";
    private static final String MODEL = "fake-model";

    private OpenAiJson() {
    }

    static String first(String id, String model) {
        return chunk(id, model, delta().add("role", "assistant").add("content", ""), null);
    }

    static String content(String text) {
        return chunk(ID, MODEL, delta().add("content", text), null);
    }

    static String reasoning(String text) {
        return chunk(ID, MODEL, delta().add("reasoning_content", text), null);
    }

    /** A tool call's first chunk (id, name, the arguments so far) or a later one (arguments only: id null). */
    static String toolCall(int call, String id, String name, String arguments) {
        JsonObjectBuilder function = object();
        JsonObjectBuilder entry = object().add("index", call);
        if (id != null) {
            entry.add("id", id).add("type", "function");
            function.add("name", name);
        }
        entry.add("function", function.add("arguments", arguments));
        return chunk(ID, MODEL, delta().add("tool_calls", PROVIDER.createArrayBuilder().add(entry)), null);
    }

    static String finish(String finishReason) {
        return chunk(ID, MODEL, delta(), finishReason);
    }

    /** The last chunk when {@code stream_options.include_usage} is set: no choices, the counts. */
    static String usage(int promptTokens, int completionTokens) {
        return object().add("id", ID).add("object", "chat.completion.chunk").add("created", 0).add("model", MODEL)
                .add("choices", PROVIDER.createArrayBuilder())
                .add("usage", object().add("prompt_tokens", promptTokens).add("completion_tokens", completionTokens)
                        .add("total_tokens", promptTokens + completionTokens))
                .build().toString();
    }

    /** An error, as a body or inside the stream: {@code {"error":{"message","type","param","code"}}}. */
    static String error(String type, String message) {
        return object().add("error", object().add("message", message).add("type", type).addNull("param")
                .addNull("code")).build().toString();
    }

    private static String chunk(String id, String model, JsonObjectBuilder delta, String finishReason) {
        JsonObjectBuilder choice = object().add("index", 0).add("delta", delta);
        if (finishReason == null) {
            choice.addNull("finish_reason");
        } else {
            choice.add("finish_reason", finishReason);
        }
        return object().add("id", id).add("object", "chat.completion.chunk").add("created", 0).add("model", model)
                .add("choices", PROVIDER.createArrayBuilder().add(choice)).build().toString();
    }

    private static JsonObjectBuilder delta() {
        return object();
    }

    private static JsonObjectBuilder object() {
        return PROVIDER.createObjectBuilder();
    }
}
