package io.portagent.store;

/** A single-use (or few-use) invite code made by an admin. Times are epoch milliseconds. */
public record InviteRecord(String code, String note, long createdAt, String createdBy, long expiresAt, int maxUses,
        int uses, boolean revoked) {
}
