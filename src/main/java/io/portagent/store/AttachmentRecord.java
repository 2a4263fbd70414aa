package io.portagent.store;

/** A row of {@code attachments}: a file a user attached; {@code messageId} is null until it is sent. */
public record AttachmentRecord(String attachmentId, String sessionId, String messageId, String name,
        String mediaType, long size, long createdAt) {
}
