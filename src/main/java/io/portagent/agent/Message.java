package io.portagent.agent;

import io.portagent.store.MessageRecord;

/** A stored message as a reader sees it; {@code content} is JSON text, shaped per kind ({@link MessageContent}). */
public record Message(String id, MessageKind kind, String content, long timestamp) {

    static Message of(MessageRecord record) {
        return new Message(record.messageId(), MessageKind.of(record.subtype()), record.content(), record.timestamp());
    }
}
