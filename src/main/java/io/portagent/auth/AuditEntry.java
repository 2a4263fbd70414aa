package io.portagent.auth;

import jakarta.json.JsonObject;
import jakarta.json.bind.annotation.JsonbNillable;

/** One audit log entry as the API shows it (SPEC §8). Times are epoch milliseconds. */
@JsonbNillable
public record AuditEntry(long id, long timestamp, String action, String actorUserId, String actorUsername,
        String targetUserId, String targetUsername, String ip, JsonObject detail) {
}
