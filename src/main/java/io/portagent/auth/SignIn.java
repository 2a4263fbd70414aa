package io.portagent.auth;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStoreHandler;

/**
 * Sign-in with a name and a password: throttled, checked by every identity store through Jakarta
 * Security's {@code IdentityStoreHandler} (ours, and any an SSO module adds), then answered with a
 * token carrying the account's roles from the database. Every failure is {@code Invalid credentials},
 * but a directory that cannot answer, which says so.
 */
@ApplicationScoped
public class SignIn {

    private Accounts accounts;
    private IdentityStoreHandler identityStores;

    protected SignIn() {
        // for CDI's client proxy
    }

    @Inject
    public SignIn(Accounts accounts, IdentityStoreHandler identityStores) {
        this.accounts = accounts;
        this.identityStores = identityStores;
    }

    public AuthResult login(String usernameOrEmail, String password, String clientAddress) {
        Accounts.LoginAttempt attempt = accounts.beginLogin(usernameOrEmail, clientAddress);
        CredentialValidationResult result;
        try {
            result = identityStores.validate(new UsernamePasswordCredential(attempt.login(), password));
        } catch (DirectoryUnavailableException e) {
            throw accounts.loginUnavailable(attempt, e.getMessage());
        }
        if (result.getStatus() != CredentialValidationResult.Status.VALID) {
            throw accounts.loginFailed(attempt);
        }
        String userId = accounts.userIdOf(result.getIdentityStoreId(), result.getCallerUniqueId(),
                result.getCallerPrincipal().getName()).orElseThrow(() -> accounts.loginFailed(attempt));
        return accounts.loginSucceeded(attempt, userId);
    }
}
