package io.portagent.auth;

import io.portagent.config.Settings.RegistrationMode;
import io.portagent.store.AccountRecord;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Self-registration as {@code REGISTRATION} allows: {@code open} to everyone, {@code invite} with
 * today's code or an admin's code, {@code closed} to nobody (admins create accounts). Names in
 * {@code ADMIN_USERNAMES} cannot be registered here, so open registration cannot claim an admin.
 */
public final class Signup {

    private final RegistrationMode mode;
    private final NewAccounts newAccounts;
    private final Accounts accounts;
    private final Invites invites;
    private final AccountRoles roles;
    private final Audit audit;

    public Signup(RegistrationMode mode, AccountStores stores, Accounts accounts, Invites invites, AccountRoles roles,
            Audit audit, java.time.Clock clock) {
        this.mode = mode;
        this.newAccounts = new NewAccounts(stores, clock);
        this.accounts = accounts;
        this.invites = invites;
        this.roles = roles;
        this.audit = audit;
    }

    public RegistrationMode mode() {
        return mode;
    }

    public AuthResult register(Registration registration, String ip) {
        if (mode == RegistrationMode.CLOSED) {
            throw AuthException.forbidden("Registration is closed: an admin creates accounts");
        }
        Invites.Claim claim = mode == RegistrationMode.INVITE ? invites.claim(registration.inviteCode().orElse(null))
                : Invites.Claim.DAILY;
        if (claim == Invites.Claim.NONE) {
            throw AuthException.invalidInput("Invalid invite code");
        }
        try {
            return create(registration, claim, ip);
        } catch (RuntimeException e) {
            if (claim == Invites.Claim.ADMIN_CODE) {
                invites.unclaim(registration.inviteCode().orElseThrow());
            }
            throw e;
        }
    }

    private AuthResult create(Registration registration, Invites.Claim claim, String ip) {
        registration.validate();
        if (roles.byConfiguration(registration.username())) {
            throw AuthException.invalidInput("Username '" + registration.username() + "' is reserved");
        }
        AccountRecord account = newAccounts.create(new NewAccounts.Spec(registration.username(),
                Optional.of(registration.password()), registration.email(), registration.displayName(),
                registration.avatar(), Set.of(), false));
        Actor actor = new Actor(account.userId(), account.user().username(), ip);
        audit.record("register", actor, account.user(), Map.of());
        if (claim == Invites.Claim.ADMIN_CODE) {
            audit.record("invite_used", actor, account.user(), Map.of("code",
                    Invites.hint(registration.inviteCode().orElseThrow())));
        }
        return accounts.issue(account);
    }
}
