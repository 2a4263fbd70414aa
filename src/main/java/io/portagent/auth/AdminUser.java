package io.portagent.auth;

import io.portagent.store.AccountRecord;
import io.portagent.store.AccountRepository.GroupRef;
import jakarta.json.bind.annotation.JsonbNillable;
import jakarta.json.bind.annotation.JsonbProperty;
import java.util.List;
import java.util.Set;

/**
 * A user as the admin API shows it: the SPEC {@code user}, plus state, roles, last sign-in,
 * groups and whether it has a local password; with the conversation count and storage only in a
 * single user's detail (absent from lists). Never the hash.
 */
public record AdminUser(String userId, String username, String email, String containerId,
        @JsonbNillable String displayName, @JsonbNillable String avatar, long createdAt,
        @JsonbProperty("isActive") boolean isActive, List<String> roles, @JsonbNillable Long lastLoginAt,
        boolean mustChangePassword, List<Group> groups, boolean localPassword, Integer conversationCount,
        Long storageBytes) {

    /** A group the user is in. */
    public record Group(String groupId, String name) {
    }

    static AdminUser of(AccountRecord a, Set<String> roles, List<GroupRef> groups) {
        return new AdminUser(a.userId(), a.user().username(), a.user().email(), a.user().containerId(),
                a.user().displayName(), a.user().avatar(), a.user().createdAt(), a.user().active(),
                AccountRoles.sorted(roles), a.lastLoginAt(), a.mustChangePassword(),
                groups.stream().map(g -> new Group(g.groupId(), g.name())).toList(),
                Passwords.isUsable(a.user().passwordHash()), null, null);
    }

    AdminUser withUsage(int conversations, long bytes) {
        return new AdminUser(userId, username, email, containerId, displayName, avatar, createdAt, isActive, roles,
                lastLoginAt, mustChangePassword, groups, localPassword, conversations, bytes);
    }
}
