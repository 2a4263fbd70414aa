package io.portagent.store;

/** A row of {@code messages}; {@code content} is JSON text. */
public record MessageRecord(String messageId, String sessionId, String role, String subtype, String content,
        long timestamp, String turnId) {
}
