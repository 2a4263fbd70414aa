package io.portagent.store;

/** A row of {@code audit_log}; {@code detail} is a JSON object as text. Times are epoch milliseconds. */
public record AuditRecord(long id, long timestamp, String action, String actorUserId, String actorUsername,
        String targetUserId, String targetUsername, String ip, String detail) {
}
