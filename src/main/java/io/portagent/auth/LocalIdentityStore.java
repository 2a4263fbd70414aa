package io.portagent.auth;

import io.portagent.config.Settings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.CallerPrincipal;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.util.EnumSet;
import java.util.Set;

/**
 * Jakarta Security's identity store for local passwords: a username (or email) and password of
 * an active account with a local password. Other stores (LDAP, OIDC) sit beside it; sign-in asks
 * them all through the container's {@code IdentityStoreHandler}. Its caller's unique id is the
 * account's user id. It validates only: roles come from the database when the token is issued.
 * With {@code LOCAL_LOGIN=false} it accepts only the accounts named in ADMIN_USERNAMES: they are
 * set by whoever runs the server, not by anyone in the directory, and must still get in when the
 * directory is down or misconfigured.
 */
@ApplicationScoped
public class LocalIdentityStore implements IdentityStore {

    /** This store's id in a validation result. */
    public static final String ID = "portagent";

    private Accounts accounts;
    private boolean localLogin;

    protected LocalIdentityStore() {
        // for CDI's client proxy
    }

    @Inject
    public LocalIdentityStore(Accounts accounts, Settings settings) {
        this(accounts, settings.sso().localLogin());
    }

    /** With {@code localLogin} off, only the ADMIN_USERNAMES accounts sign in here: the break-glass admins. */
    LocalIdentityStore(Accounts accounts, boolean localLogin) {
        this.accounts = accounts;
        this.localLogin = localLogin;
    }

    @Override
    public CredentialValidationResult validate(Credential credential) {
        if (!(credential instanceof UsernamePasswordCredential password)) {
            return CredentialValidationResult.NOT_VALIDATED_RESULT;
        }
        return accounts.checkLocalPassword(password.getCaller(), password.getPasswordAsString())
                .filter(a -> localLogin || accounts.adminByConfiguration(a.user().username()))
                .map(a -> new CredentialValidationResult(ID, new CallerPrincipal(a.user().username()), null,
                        a.userId(), accounts.rolesOf(a)))
                .orElse(CredentialValidationResult.INVALID_RESULT);
    }

    @Override
    public Set<ValidationType> validationTypes() {
        return EnumSet.of(ValidationType.VALIDATE);
    }
}
