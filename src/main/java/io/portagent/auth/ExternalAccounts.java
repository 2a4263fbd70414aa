package io.portagent.auth;

import io.portagent.store.AccountRecord;
import io.portagent.store.GroupRecord;
import io.portagent.store.UserRecord;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Accounts of people a single sign-on source vouched for. The account is the one linked to their
 * identity; else the local account of the same username, then linked (so an installation moving
 * to a directory keeps everyone's conversations); else a new one with no local password. A name in
 * ADMIN_USERNAMES is never taken over this way. At every sign-in the source's say on the admin
 * role and on group membership replaces the account's.
 */
public final class ExternalAccounts {

    private static final Logger LOG = LoggerFactory.getLogger(ExternalAccounts.class);

    private final AccountStores stores;
    private final AccountRoles roles;
    private final NewAccounts newAccounts;
    private final Audit audit;
    private final Clock clock;

    public ExternalAccounts(AccountStores stores, AccountRoles roles, Audit audit, Clock clock) {
        this.stores = stores;
        this.roles = roles;
        this.newAccounts = new NewAccounts(stores, clock);
        this.audit = audit;
        this.clock = clock;
    }

    /** The account of {@code person}, found or created, with their admin role and groups synced. */
    AccountRecord signedIn(DirectoryAccount person) {
        AccountRecord account = stores.accounts().userIdOfIdentity(person.provider(), person.subject())
                .flatMap(stores.accounts()::find).orElseGet(() -> adopt(person));
        person.admin().ifPresent(admin -> syncAdmin(account, admin, person.provider()));
        person.groups().ifPresent(groups -> syncGroups(account, groups, person.provider()));
        return stores.accounts().find(account.userId()).orElseThrow();
    }

    private AccountRecord adopt(DirectoryAccount person) {
        Registration.checkUsername(person.username());
        if (roles.byConfiguration(person.username())) {
            // ADMIN_USERNAMES makes admins by name: whoever can create that name in a directory must not become one
            LOG.warn("{} sign-in as '{}' refused: that name is in ADMIN_USERNAMES, a local break-glass admin",
                    person.provider(), person.username());
            throw AuthException.forbidden("The username '" + person.username() + "' is reserved for a local"
                    + " administrator (ADMIN_USERNAMES) and cannot sign in through single sign-on.");
        }
        AccountRecord account = sameUsername(person).orElseGet(() -> create(person));
        stores.accounts().linkIdentity(person.provider(), person.subject(), account.userId(), clock.millis());
        LOG.info("Linked {} identity '{}' to account '{}'", person.provider(), person.subject(),
                account.user().username());
        return account;
    }

    private AccountRecord create(DirectoryAccount person) {
        AccountRecord account;
        try {
            account = newAccounts.create(new NewAccounts.Spec(person.username(), Optional.empty(),
                    usableEmail(person.email()), person.displayName()
                            .filter(n -> n.length() <= Registration.DISPLAY_NAME_MAX), Optional.empty(), Set.of(), false));
        } catch (AuthException e) {
            // two first sign-ins at once: the other one created the account a moment ago
            return sameUsername(person).orElseThrow(() -> e);
        }
        audit.record("user_created", Actor.singleSignOn(person.provider()), account.user(),
                Map.of("provider", person.provider(), "subject", person.subject()));
        return account;
    }

    private Optional<AccountRecord> sameUsername(DirectoryAccount person) {
        return stores.users().findByLogin(person.username()).filter(u -> u.username().equalsIgnoreCase(person.username()))
                .flatMap(u -> stores.accounts().find(u.userId()));
    }

    /** The directory's mail when it is valid and no other account has it; else the placeholder. */
    private Optional<String> usableEmail(Optional<String> email) {
        return email.map(e -> e.strip().toLowerCase(Locale.ROOT)).filter(e -> {
            try {
                Registration.checkProfile(Optional.of(e), Optional.empty(), Optional.empty());
            } catch (AuthException invalid) {
                return false;
            }
            return stores.users().findByLogin(e).isEmpty();
        });
    }

    private void syncAdmin(AccountRecord account, boolean admin, String provider) {
        Set<String> roles = new TreeSet<>(account.grantedRoles());
        boolean changed = admin ? roles.add(Roles.ADMIN) : roles.remove(Roles.ADMIN);
        if (!changed) {
            return;
        }
        stores.accounts().transaction(tx -> {
            tx.setRoles(account.userId(), roles, clock.millis());
            return null;
        });
        audit.record("user_updated", Actor.singleSignOn(provider), account.user(),
                Map.of("roles", AccountRoles.sorted(roles), "source", provider));
    }

    /** Membership of every Portagent group follows the directory group of the same name. */
    private void syncGroups(AccountRecord account, Set<String> directoryGroups, String provider) {
        Set<String> mine = stores.groups().ofUser(account.userId()).stream().map(GroupRecord::groupId)
                .collect(Collectors.toSet());
        for (GroupRecord group : stores.groups().list()) {
            boolean member = directoryGroups.contains(group.name().toLowerCase(Locale.ROOT));
            if (member && !mine.contains(group.groupId())) {
                stores.groups().addMember(group.groupId(), account.userId(), clock.millis());
                memberChanged("group_member_added", account.user(), group, provider);
            } else if (!member && mine.contains(group.groupId())) {
                stores.groups().removeMember(group.groupId(), account.userId());
                memberChanged("group_member_removed", account.user(), group, provider);
            }
        }
    }

    private void memberChanged(String action, UserRecord user, GroupRecord group, String provider) {
        audit.record(action, Actor.singleSignOn(provider), user, Map.of("groupId", group.groupId(), "name",
                group.name(), "source", provider));
    }
}
