package io.portagent.auth;

import io.portagent.store.AccountRecord;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * An account's roles: {@code user} for every account, plus those granted in the database, plus
 * {@code admin} for the names in {@code ADMIN_USERNAMES} (admins whenever they exist).
 */
public final class AccountRoles {

    private final Set<String> adminNames;

    public AccountRoles(List<String> adminUsernames) {
        this.adminNames = adminUsernames.stream().map(n -> n.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    }

    /** The configured admin names, lower case. */
    public Set<String> adminNames() {
        return adminNames;
    }

    /** Whether {@code username} is an admin by ADMIN_USERNAMES. */
    public boolean byConfiguration(String username) {
        return adminNames.contains(username.toLowerCase(Locale.ROOT));
    }

    public Set<String> of(AccountRecord account) {
        Set<String> roles = new TreeSet<>(Roles.OF_EVERY_ACCOUNT);
        account.grantedRoles().stream().filter(Roles.KNOWN::contains).forEach(roles::add);
        if (byConfiguration(account.user().username())) {
            roles.add(Roles.ADMIN);
        }
        return Set.copyOf(roles);
    }

    /** Role names from a request, each checked: an unknown one is a 400 with the known ones named. */
    public static Set<String> parse(Collection<String> names) {
        for (String name : names) {
            if (!Roles.KNOWN.contains(name)) {
                throw AuthException.invalidInput("Unknown role '" + name + "': roles are user, admin");
            }
        }
        return Set.copyOf(names);
    }

    /** In a stable order for answers: user first. */
    public static List<String> sorted(Set<String> roles) {
        return roles.stream().sorted((a, b) -> a.equals(Roles.USER) ? -1 : b.equals(Roles.USER) ? 1
                : a.compareTo(b)).toList();
    }
}
