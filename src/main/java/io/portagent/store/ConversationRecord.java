package io.portagent.store;

/**
 * A conversation (table {@code images}) with its one session. Times are epoch milliseconds;
 * {@code model} is null for a conversation created before it had one.
 */
public record ConversationRecord(String conversationId, String containerId, String sessionId, String name,
        String systemPrompt, long createdAt, long updatedAt, String model) {
}
