package io.portagent.auth;

import jakarta.json.bind.annotation.JsonbNillable;

/** A key just made: the only time {@code key} itself is shown. */
@JsonbNillable
public record NewApiKey(String id, String name, String key, long createdAt, Long expiresAt) {
}
