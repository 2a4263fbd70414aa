package io.portagent.store;

/** A conversation ("image") with its one session. Times are epoch milliseconds. */
public record ImageRecord(String imageId, String containerId, String sessionId, String name, String systemPrompt,
        long createdAt, long updatedAt) {
}
