package io.portagent.auth;

import io.portagent.store.ApiKeyRecord;
import jakarta.json.bind.annotation.JsonbNillable;

/** A key as its owner sees it in the list: never the key, only its first characters ({@code prefix}). */
@JsonbNillable
public record ApiKeyView(String id, String name, String prefix, long createdAt, Long expiresAt, Long lastUsedAt) {

    static ApiKeyView of(ApiKeyRecord key) {
        return new ApiKeyView(key.keyId(), key.name(), key.prefix(), key.createdAt(), key.expiresAt(),
                key.lastUsedAt());
    }
}
