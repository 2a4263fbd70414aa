package io.portagent.agent;

import io.portagent.store.MessageRecord;

/**
 * A stored message as a reader sees it; {@code content} is JSON text, shaped per kind
 * ({@link MessageContent}); {@code model} is the model of the turn that wrote it, null if unknown; {@code turnId} that turn (null for none).
 */
public record Message(String id, MessageKind kind, String content, long timestamp, String model, String turnId) {

    static Message of(MessageRecord record, String model) {
        return new Message(record.messageId(), MessageKind.of(record.subtype()), record.content(), record.timestamp(),
                model, record.turnId());
    }
}
