package io.portagent.http.gateway;

import io.portagent.agent.JsonSupport;
import io.portagent.config.Providers.ModelChoice;
import io.portagent.llm.StopReason;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.List;
import java.util.UUID;

/** The JSON of one call's answers, in OpenAI's shapes: the whole completion, or its stream's chunks. */
final class ChatReplies {

    private final String id = "chatcmpl-" + UUID.randomUUID().toString().replace("-", "");
    private final long created;
    private final String model;

    ChatReplies(long createdSeconds, String model) {
        this.created = createdSeconds;
        this.model = model;
    }

    /** {@code GET /v1/models}: the caller's models, their default first. */
    static JsonObject models(List<ModelChoice> models) {
        JsonArrayBuilder data = JsonSupport.PROVIDER.createArrayBuilder();
        models.forEach(m -> data.add(model(m)));
        return JsonSupport.PROVIDER.createObjectBuilder().add("object", "list").add("data", data).build();
    }

    static JsonObject model(ModelChoice model) {
        return JsonSupport.PROVIDER.createObjectBuilder().add("id", model.id()).add("object", "model")
                .add("created", 0).add("owned_by", model.provider()).build();
    }

    /** OpenAI's {@code finish_reason} for why the model stopped. */
    static String finishReason(StopReason reason) {
        return switch (reason) {
            case MAX_TOKENS -> "length";
            case REFUSAL -> "content_filter";
            case TOOL_USE -> "tool_calls";
            default -> "stop";
        };
    }

    JsonObject completion(String text, StopReason reason, int inputTokens, int outputTokens) {
        JsonObjectBuilder message = JsonSupport.PROVIDER.createObjectBuilder().add("role", "assistant")
                .add("content", text);
        JsonObjectBuilder choice = JsonSupport.PROVIDER.createObjectBuilder().add("index", 0).add("message", message)
                .add("finish_reason", finishReason(reason));
        return head("chat.completion").add("choices", JsonSupport.PROVIDER.createArrayBuilder().add(choice))
                .add("usage", usage(inputTokens, outputTokens)).build();
    }

    /** The first chunk: the assistant's role, no text yet. */
    JsonObject roleChunk() {
        return chunk(JsonSupport.PROVIDER.createObjectBuilder().add("role", "assistant").add("content", ""), null);
    }

    JsonObject textChunk(String text) {
        return chunk(JsonSupport.PROVIDER.createObjectBuilder().add("content", text), null);
    }

    JsonObject finishChunk(StopReason reason) {
        return chunk(JsonSupport.PROVIDER.createObjectBuilder(), finishReason(reason));
    }

    /** Sent last when the request asked for {@code stream_options.include_usage}: no choices, the usage. */
    JsonObject usageChunk(int inputTokens, int outputTokens) {
        return head("chat.completion.chunk").add("choices", JsonSupport.PROVIDER.createArrayBuilder())
                .add("usage", usage(inputTokens, outputTokens)).build();
    }

    private JsonObject chunk(JsonObjectBuilder delta, String finishReason) {
        JsonObjectBuilder choice = JsonSupport.PROVIDER.createObjectBuilder().add("index", 0).add("delta", delta);
        if (finishReason == null) {
            choice.addNull("finish_reason");
        } else {
            choice.add("finish_reason", finishReason);
        }
        return head("chat.completion.chunk").add("choices", JsonSupport.PROVIDER.createArrayBuilder().add(choice))
                .build();
    }

    private JsonObjectBuilder head(String object) {
        return JsonSupport.PROVIDER.createObjectBuilder().add("id", id).add("object", object).add("created", created)
                .add("model", model);
    }

    private static JsonObjectBuilder usage(int inputTokens, int outputTokens) {
        return JsonSupport.PROVIDER.createObjectBuilder().add("prompt_tokens", inputTokens)
                .add("completion_tokens", outputTokens).add("total_tokens", inputTokens + outputTokens);
    }
}
