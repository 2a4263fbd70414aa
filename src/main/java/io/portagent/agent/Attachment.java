package io.portagent.agent;

import io.portagent.store.AttachmentRecord;

/** A file attached to a message, as a reader sees it (its bytes stay in the conversation's workspace). */
public record Attachment(String id, String name, String mediaType, long size) {

    static Attachment of(AttachmentRecord record) {
        return new Attachment(record.attachmentId(), record.name(), record.mediaType(), record.size());
    }
}
