package io.portagent.store;

/** A row of {@code users}. Times are epoch milliseconds. */
public record UserRecord(
        String userId,
        String username,
        String email,
        String passwordHash,
        String containerId,
        String displayName,
        String avatar,
        boolean active,
        long createdAt,
        long updatedAt) {
}
