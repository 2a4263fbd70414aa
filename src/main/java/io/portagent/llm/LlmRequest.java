package io.portagent.llm;

import java.util.List;
import java.util.Objects;

/**
 * What to ask the model. Always sent with {@code stream: true}.
 *
 * @param model     the model id, e.g. {@code claude-sonnet-4-20250514}
 * @param maxTokens the answer's token limit ({@code max_tokens})
 * @param system    the system prompt; null or empty sends none
 * @param messages  the conversation so far, oldest first; the last one is the user's
 * @param tools     tools the model may call; empty sends no {@code tools} field
 */
public record LlmRequest(String model, int maxTokens, String system, List<LlmMessage> messages, List<ToolSpec> tools) {

    public LlmRequest {
        Objects.requireNonNull(model, "model");
        if (maxTokens < 1) {
            throw new IllegalArgumentException("maxTokens must be >= 1, got " + maxTokens);
        }
        messages = List.copyOf(messages);
        if (messages.isEmpty()) {
            throw new IllegalArgumentException("a request needs at least one message");
        }
        tools = List.copyOf(tools);
    }
}
