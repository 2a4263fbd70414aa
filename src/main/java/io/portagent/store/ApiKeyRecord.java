package io.portagent.store;

/**
 * A personal API key as stored: never the key itself, only its hash and the first characters to
 * recognise it by. Times are epoch milliseconds; {@code expiresAt} and {@code lastUsedAt} may be null.
 */
public record ApiKeyRecord(String keyId, String userId, String name, String keyHash, String prefix, long createdAt,
        Long expiresAt, Long lastUsedAt) {

    public boolean expired(long now) {
        return expiresAt != null && expiresAt <= now;
    }
}
