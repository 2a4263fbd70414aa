package io.portagent.auth;

import io.portagent.store.AccountRecord;
import io.portagent.store.DiskFullException;
import io.portagent.store.DuplicateException;
import io.portagent.store.UserRecord;
import java.time.Clock;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Creates an account with its container: the container row in agentx.db first, then the user,
 * its state and roles in one transaction of portagent.db; a failure there removes the container
 * again. Without a password the account gets the unusable hash (an SSO account).
 */
final class NewAccounts {

    /** What a new account is made of; the password is already checked, or empty. */
    record Spec(String username, Optional<String> password, Optional<String> email, Optional<String> displayName,
            Optional<String> avatar, Set<String> grantedRoles, boolean mustChangePassword) {
    }

    private final AccountStores stores;
    private final Clock clock;

    NewAccounts(AccountStores stores, Clock clock) {
        this.stores = stores;
        this.clock = clock;
    }

    AccountRecord create(Spec spec) {
        long now = clock.millis();
        String userId = UUID.randomUUID().toString();
        String email = spec.email().map(e -> e.toLowerCase(Locale.ROOT)).orElse(userId + "@noemail.portagent");
        UserRecord user = new UserRecord(userId, spec.username(), email,
                spec.password().map(Passwords::hash).orElse(Passwords.UNUSABLE), "user-" + UUID.randomUUID(),
                spec.displayName().orElse(null), spec.avatar().orElse(null), true, now, now);
        try {
            stores.containers().create(user.containerId(), userId, now);
            insert(user, spec);
        } catch (DiskFullException e) {
            throw AuthException.storageFull(e);
        }
        return stores.accounts().find(userId).orElseThrow();
    }

    private void insert(UserRecord user, Spec spec) {
        try {
            stores.accounts().transaction(tx -> {
                tx.insert(user, spec.mustChangePassword(), spec.grantedRoles());
                return null;
            });
        } catch (DuplicateException e) {
            stores.containers().delete(user.containerId());
            throw AuthException.invalidInput(e.getMessage());
        } catch (RuntimeException e) {
            stores.containers().delete(user.containerId());
            throw e;
        }
    }
}
