package io.portagent.agent;

import io.portagent.store.ConversationRecord;

/**
 * A conversation in a user's container (the protocol calls it an image, and its agent shares its
 * id). Its one session holds the messages and the numbered events. Times are epoch milliseconds.
 */
public record Conversation(String id, String containerId, String sessionId, String name, String systemPrompt,
        long createdAt, long updatedAt) {

    static Conversation of(ConversationRecord record) {
        return new Conversation(record.conversationId(), record.containerId(), record.sessionId(), record.name(),
                record.systemPrompt(), record.createdAt(), record.updatedAt());
    }
}
