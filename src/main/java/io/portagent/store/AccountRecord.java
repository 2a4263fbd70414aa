package io.portagent.store;

import java.util.Set;

/**
 * A user with what {@code portagent.db} keeps beside the {@code users} row: the last sign-in (ms,
 * or null), the token cutoff (tokens issued before it are refused), whether the password must be
 * changed, and the roles granted in {@code user_roles} (besides {@code user}, which every account has).
 */
public record AccountRecord(UserRecord user, Long lastLoginAt, long tokensValidAfter, boolean mustChangePassword,
        Set<String> grantedRoles) {

    public AccountRecord {
        grantedRoles = Set.copyOf(grantedRoles);
    }

    public String userId() {
        return user.userId();
    }
}
