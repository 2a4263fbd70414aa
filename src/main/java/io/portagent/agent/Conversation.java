package io.portagent.agent;

import io.portagent.store.ConversationRecord;

/**
 * A conversation in a user's container (the protocol calls it an image, and its agent shares its
 * id). Its one session holds the messages and the numbered events. Times are epoch milliseconds;
 * {@code model} is the id of the model its turns use.
 */
public record Conversation(String id, String containerId, String sessionId, String name, String systemPrompt,
        long createdAt, long updatedAt, String model) {

    /** The stored conversation; one stored before conversations had a model uses {@code defaultModel}. */
    static Conversation of(ConversationRecord record, String defaultModel) {
        return new Conversation(record.conversationId(), record.containerId(), record.sessionId(), record.name(),
                record.systemPrompt(), record.createdAt(), record.updatedAt(),
                record.model() == null ? defaultModel : record.model());
    }
}
