package io.portagent.agent;

import io.portagent.store.MessageRecord;
import java.util.List;

/**
 * A stored message as a reader sees it; {@code content} is JSON text, shaped per kind
 * ({@link MessageContent}); {@code model} is the model of the turn that wrote it, null if unknown; {@code turnId} that turn (null for none);
 * {@code attachments} the files a user message carried.
 */
public record Message(String id, MessageKind kind, String content, long timestamp, String model, String turnId,
        List<Attachment> attachments) {

    public Message {
        attachments = List.copyOf(attachments);
    }

    static Message of(MessageRecord record, String model, List<Attachment> attachments) {
        return new Message(record.messageId(), MessageKind.of(record.subtype()), record.content(), record.timestamp(),
                model, record.turnId(), attachments);
    }
}
