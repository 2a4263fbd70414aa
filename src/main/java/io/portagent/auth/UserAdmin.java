package io.portagent.auth;

import io.portagent.agent.Caller;
import io.portagent.store.AccountRecord;
import io.portagent.store.AccountRepository;
import io.portagent.store.AccountTx;
import io.portagent.store.ContainerRepository;
import io.portagent.store.DuplicateException;
import java.sql.SQLException;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What admins (in the console or at the command line) do to accounts: create, change, reset the
 * password, delete. Each change of an account runs in one transaction, which also refuses to
 * leave the service without an active admin when it had one. Every action is audited.
 */
public final class UserAdmin {

    /** A created account, with the temporary password when none was given (shown once). */
    public record Created(AdminUser user, String temporaryPassword) {
    }

    /** The fields an admin may change; empty ones stay as they are. */
    public record Patch(Optional<Boolean> isActive, Optional<List<String>> roles, Optional<String> displayName,
            Optional<String> email) {
    }

    /** A new account as an admin asks for it. */
    public record NewUser(String username, Optional<String> password, Optional<String> email,
            Optional<String> displayName, boolean admin) {
    }

    private final AccountStores stores;
    private final UserDirectory directory;
    private final AccountRoles roles;
    private final NewAccounts newAccounts;
    private final Audit audit;
    private final SignOuts signOuts;
    private final Consumer<Caller> stopConversations;
    private final Clock clock;

    /** {@code stopConversations} ends and deletes a user's conversations in a running service (a no-op elsewhere). */
    public UserAdmin(AccountStores stores, AccountRoles roles, Audit audit, SignOuts signOuts,
            Consumer<Caller> stopConversations, Clock clock) {
        this.stores = stores;
        this.directory = new UserDirectory(stores, roles);
        this.roles = roles;
        this.newAccounts = new NewAccounts(stores, clock);
        this.audit = audit;
        this.signOuts = signOuts;
        this.stopConversations = stopConversations;
        this.clock = clock;
    }

    public UserDirectory directory() {
        return directory;
    }

    /** The account must change its password at next sign-in, given or generated. */
    public Created create(Actor actor, NewUser user) {
        Registration.checkUsername(user.username());
        user.password().ifPresent(Registration::checkPassword);
        Registration.checkProfile(user.email(), user.displayName(), Optional.empty());
        String temporary = user.password().isEmpty() ? Passwords.temporary() : null;
        AccountRecord account = newAccounts.create(new NewAccounts.Spec(user.username(),
                Optional.of(user.password().orElse(temporary)), user.email(), user.displayName(), Optional.empty(),
                user.admin() ? Set.of(Roles.ADMIN) : Set.of(), true));
        audit.record("user_created", actor, account.user(), Map.of("admin", user.admin()));
        return new Created(directory.view(account), temporary);
    }

    public AdminUser update(Actor actor, String userId, Patch patch) {
        Optional<Set<String>> wanted = patch.roles().map(AccountRoles::parse);
        Optional<String> email = patch.email().map(String::strip).map(e -> e.toLowerCase(java.util.Locale.ROOT));
        Optional<String> displayName = patch.displayName().map(String::strip);
        Registration.checkProfile(email, displayName, Optional.empty());
        long now = clock.millis();
        AccountRecord before = directory.find(userId);
        String verb = patch.isActive().filter(active -> !active).isPresent() ? "disabled" : "demoted";
        AccountRecord after = guarded(verb, tx -> {
            AccountRecord current = tx.find(userId).orElseThrow(() -> AuthException.notFound("No user '" + userId + "'"));
            if (patch.isActive().isPresent() && patch.isActive().get() != current.user().active()) {
                tx.setActive(userId, patch.isActive().get(), now);
            }
            if (wanted.isPresent()) {
                setRoles(tx, current, wanted.get(), now);
            }
            if (displayName.isPresent() || email.isPresent()) {
                setProfile(tx, current, displayName, email, now);
            }
            return tx.find(userId).orElseThrow();
        });
        auditChanges(actor, before, after);
        return directory.view(after);
    }

    private void setRoles(AccountTx tx, AccountRecord current, Set<String> wanted, long now) throws SQLException {
        Set<String> granted = new HashSet<>(wanted);
        granted.remove(Roles.USER);
        if (roles.byConfiguration(current.user().username()) && !granted.contains(Roles.ADMIN)) {
            throw AuthException.conflict("'" + current.user().username() + "' is an admin through ADMIN_USERNAMES:"
                    + " remove the name there to demote them");
        }
        if (!granted.equals(current.grantedRoles())) {
            tx.setRoles(current.userId(), granted, now);
            tx.cutTokens(current.userId(), now); // a token's roles must never outlive a role change
        }
    }

    private static void setProfile(AccountTx tx, AccountRecord current, Optional<String> displayName,
            Optional<String> email, long now) throws SQLException {
        try {
            tx.setProfile(current.userId(), displayName.filter(d -> !d.isEmpty()).orElse(
                    displayName.isPresent() ? null : current.user().displayName()),
                    email.orElse(current.user().email()), current.user().avatar(), now);
        } catch (DuplicateException e) {
            throw AuthException.invalidInput(e.getMessage());
        }
    }

    private void auditChanges(Actor actor, AccountRecord before, AccountRecord after) {
        if (before.user().active() != after.user().active()) {
            audit.record(after.user().active() ? "user_enabled" : "user_disabled", actor, after.user(), Map.of());
        }
        Map<String, Object> changed = new java.util.HashMap<>();
        if (!before.grantedRoles().equals(after.grantedRoles())) {
            changed.put("roles", AccountRoles.sorted(roles.of(after)));
        }
        if (!java.util.Objects.equals(before.user().displayName(), after.user().displayName())) {
            changed.put("displayName", String.valueOf(after.user().displayName()));
        }
        if (!before.user().email().equals(after.user().email())) {
            changed.put("email", after.user().email());
        }
        if (!changed.isEmpty()) {
            audit.record("user_updated", actor, after.user(), changed);
        }
        if (!after.user().active() || changed.containsKey("roles")) {
            signOuts.userSignedOut(after.userId());
        }
    }

    /** A new temporary password (shown once); every token of the account dies, and it must be changed. */
    public String resetPassword(Actor actor, String userId) {
        AccountRecord account = directory.find(userId);
        String temporary = Passwords.temporary();
        long now = clock.millis();
        stores.accounts().transaction(tx -> {
            tx.setPassword(userId, Passwords.hash(temporary), true, now);
            tx.cutTokens(userId, now);
            return null;
        });
        signOuts.userSignedOut(userId);
        audit.record("password_reset", actor, account.user(), Map.of());
        return temporary;
    }

    /**
     * Deletes the account and everything it owns: its conversations and their messages, its
     * container and its files. The audit log keeps the history under the user's id.
     */
    public void delete(Actor actor, String userId) {
        AccountRecord account = directory.find(userId);
        if (userId.equals(actor.userId())) {
            throw AuthException.conflict("You cannot delete your own account");
        }
        String containerId = account.user().containerId();
        ContainerRepository.Usage usage = stores.containers().usage(containerId);
        guarded("deleted", tx -> tx.delete(userId));
        signOuts.userSignedOut(userId);
        stopConversations.accept(new Caller(userId, containerId));
        stores.containers().delete(containerId);
        new Workspaces(stores.containersDir()).delete(containerId);
        audit.record("user_deleted", actor, account.user(), Map.of("conversations", usage.conversations(),
                "messages", usage.messages()));
    }

    /** Runs the change in one transaction, refused when it leaves no active admin where there was one. */
    private <T> T guarded(String verb, AccountRepository.Work<T> change) {
        return stores.accounts().transaction(tx -> {
            int admins = tx.activeAdmins(roles.adminNames());
            T result = change.run(tx);
            if (admins > 0 && tx.activeAdmins(roles.adminNames()) == 0) {
                throw AuthException.conflict("The last admin cannot be " + verb);
            }
            return result;
        });
    }
}
