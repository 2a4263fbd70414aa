package io.portagent.auth;

import io.portagent.store.AccountRecord;
import io.portagent.store.AccountRepository;
import io.portagent.store.ApiKeyRecord;
import io.portagent.store.ApiKeyRepository;
import io.portagent.store.DiskFullException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Personal API keys ({@code pak-...}): each user makes, lists and revokes their own; a key is
 * shown once and stored as its hash. A key works only while its account exists, is active and
 * need not change its password, checked on every use; disabling the account deletes its keys
 * (a trigger in the database, so sqlite3 does it too), so enabling it again revives none.
 */
public final class ApiKeys {

    public static final String PREFIX = "pak-";
    static final int NAME_MAX = 100;
    static final int MAX_DAYS = 3650;
    static final int PER_USER = 20;
    /** Characters of the key kept for display: {@code pak-} and 8 of the random part. */
    static final int SHOWN = PREFIX.length() + 8;
    /** {@code lastUsedAt} is written at most this often per key. */
    static final long TOUCH_INTERVAL_MS = Duration.ofMinutes(1).toMillis();
    private static final Logger LOG = LoggerFactory.getLogger(ApiKeys.class);

    private final ApiKeyRepository keys;
    private final AccountRepository accounts;
    private final Audit audit;
    private final Clock clock;

    public ApiKeys(ApiKeyRepository keys, AccountRepository accounts, Audit audit, Clock clock) {
        this.keys = keys;
        this.accounts = accounts;
        this.audit = audit;
        this.clock = clock;
    }

    /** Whether a bearer credential is meant as a personal API key (rather than a sign-in token). */
    public static boolean isKey(String credential) {
        return credential != null && credential.startsWith(PREFIX);
    }

    public NewApiKey create(Actor owner, String name, Optional<Integer> expiresInDays) {
        String trimmed = name == null ? "" : name.strip();
        if (trimmed.isEmpty()) {
            throw AuthException.invalidInput("Name is required");
        }
        if (trimmed.length() > NAME_MAX) {
            throw AuthException.invalidInput("Name must be at most " + NAME_MAX + " characters");
        }
        if (expiresInDays.isPresent() && (expiresInDays.get() < 1 || expiresInDays.get() > MAX_DAYS)) {
            throw AuthException.invalidInput("expiresInDays must be from 1 to " + MAX_DAYS);
        }
        long now = clock.millis();
        String key = PREFIX + Secrets.random();
        Long expiresAt = expiresInDays.map(days -> now + Duration.ofDays(days).toMillis()).orElse(null);
        ApiKeyRecord stored = new ApiKeyRecord(UUID.randomUUID().toString(), owner.userId(), trimmed,
                Secrets.sha256(key), key.substring(0, SHOWN), now, expiresAt, null);
        if (!stored(() -> keys.insertWithin(stored, PER_USER, now))) {
            throw AuthException.conflict("You have " + PER_USER + " keys already; revoke one first");
        }
        audit.record("api_key_created", owner, owner.userId(), owner.username(), Map.of("keyId", stored.keyId(),
                "name", trimmed, "prefix", stored.prefix()));
        LOG.info("User {} created API key {} ({})", owner.userId(), stored.keyId(), stored.prefix());
        return new NewApiKey(stored.keyId(), trimmed, key, now, expiresAt);
    }

    /** The caller's keys, newest first, expired ones included (so they can be told apart and revoked). */
    public List<ApiKeyView> list(String userId) {
        return keys.ofUser(userId).stream().map(ApiKeyView::of).toList();
    }

    /** Revokes one of the caller's own keys; another user's key is as unknown as a missing one. */
    public void revoke(Actor owner, String keyId) {
        if (!stored(() -> keys.delete(owner.userId(), keyId))) {
            throw AuthException.notFound("No API key '" + keyId + "'");
        }
        audit.record("api_key_revoked", owner, owner.userId(), owner.username(), Map.of("keyId", keyId));
        LOG.info("User {} revoked API key {}", owner.userId(), keyId);
    }

    /** The owner of a key that is known, not expired, and whose account may act now. */
    public Optional<ApiKeyUser> authenticate(String key) {
        if (!isKey(key)) {
            return Optional.empty();
        }
        long now = clock.millis();
        Optional<ApiKeyRecord> found = keys.findByHash(Secrets.sha256(key)).filter(k -> !k.expired(now));
        Optional<ApiKeyUser> user = found.flatMap(k -> accounts.find(k.userId()).filter(ApiKeys::mayAct)
                .map(a -> new ApiKeyUser(a.userId(), a.user().username(), a.user().containerId(), k.keyId())));
        user.ifPresent(u -> touch(found.get(), now));
        return user;
    }

    private static boolean mayAct(AccountRecord account) {
        return account.user().active() && !account.mustChangePassword();
    }

    /** Records the use; a write that fails (a full disk) is logged and does not refuse the call. */
    private void touch(ApiKeyRecord key, long now) {
        if (key.lastUsedAt() != null && now - key.lastUsedAt() < TOUCH_INTERVAL_MS) {
            return;
        }
        try {
            keys.touch(key.keyId(), now, TOUCH_INTERVAL_MS);
        } catch (RuntimeException e) {
            LOG.warn("Could not record the use of API key {}: {}", key.keyId(), e.getMessage());
        }
    }

    private static <T> T stored(java.util.function.Supplier<T> write) {
        try {
            return write.get();
        } catch (DiskFullException e) {
            throw AuthException.storageFull(e);
        }
    }
}
