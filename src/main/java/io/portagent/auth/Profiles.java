package io.portagent.auth;

import io.portagent.store.AccountRecord;
import io.portagent.store.AccountRepository;
import io.portagent.store.DuplicateException;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The signed-in user's own account: who they are, their profile, their password. */
public final class Profiles {

    /** {@code GET /api/auth/me}. */
    public record Me(UserView user, List<String> roles, boolean mustChangePassword) {
    }

    private final AccountRepository accounts;
    private final Accounts sessions;
    private final Audit audit;
    private final Clock clock;

    public Profiles(AccountRepository accounts, Accounts sessions, Audit audit, Clock clock) {
        this.accounts = accounts;
        this.sessions = sessions;
        this.audit = audit;
        this.clock = clock;
    }

    public Me me(AuthenticatedUser caller) {
        AccountRecord account = account(caller);
        return new Me(UserView.of(account.user()), AccountRoles.sorted(sessions.rolesOf(account)),
                account.mustChangePassword());
    }

    /** Changes the fields given ({@code ""} clears display name or avatar). */
    public UserView update(AuthenticatedUser caller, Optional<String> displayName, Optional<String> avatar,
            Optional<String> email) {
        Optional<String> mail = email.map(e -> e.strip().toLowerCase(Locale.ROOT));
        Registration.checkProfile(mail, displayName.filter(d -> !d.isEmpty()), avatar.filter(a -> !a.isEmpty()));
        AccountRecord account = account(caller);
        try {
            accounts.transaction(tx -> {
                tx.setProfile(caller.userId(), displayName.map(d -> d.isEmpty() ? null : d)
                        .orElse(account.user().displayName()), mail.orElse(account.user().email()),
                        avatar.map(a -> a.isEmpty() ? null : a).orElse(account.user().avatar()), clock.millis());
                return null;
            });
        } catch (DuplicateException e) {
            throw AuthException.invalidInput(e.getMessage());
        }
        return UserView.of(account(caller).user());
    }

    /**
     * Checks the current password, sets the new one, and answers a new token: every other token of
     * the user dies (the cutoff moves to now). Clears a forced change.
     */
    public String changePassword(AuthenticatedUser caller, String currentPassword, String newPassword, String ip) {
        AccountRecord account = account(caller);
        if (!Passwords.matches(currentPassword, account.user().passwordHash())) {
            throw AuthException.invalidInput("Current password is wrong");
        }
        Registration.checkPassword(newPassword);
        if (newPassword.equals(currentPassword)) {
            throw AuthException.invalidInput("New password must differ from the current one");
        }
        long now = clock.millis();
        accounts.transaction(tx -> {
            tx.setPassword(caller.userId(), Passwords.hash(newPassword), false, now);
            return null;
        });
        sessions.cutTokens(caller.userId(), now);
        audit.record("password_changed", Actor.of(caller, ip), account.user(), Map.of());
        return sessions.issue(account(caller)).token();
    }

    private AccountRecord account(AuthenticatedUser caller) {
        return accounts.find(caller.userId()).orElseThrow(() -> AuthException.notFound("No such user"));
    }
}
