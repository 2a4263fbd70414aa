package io.portagent.auth;

import io.portagent.config.Settings;
import io.portagent.config.SingleSignOn;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.CallerPrincipal;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.security.enterprise.identitystore.CredentialValidationResult;
import jakarta.security.enterprise.identitystore.IdentityStore;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;

/**
 * Jakarta Security's identity store for an LDAP or Active Directory password, beside
 * {@link LocalIdentityStore} (asked after it). Soteria's own {@code @LdapIdentityStoreDefinition}
 * takes its values from an annotation fixed at build time, while ours come from the operator's
 * settings at start-up, and it neither tells an outage from a wrong password nor creates accounts:
 * hence this store on JNDI. A directory that cannot answer throws
 * {@link DirectoryUnavailableException}, which {@link SignIn} turns into a 503.
 */
@ApplicationScoped
public class LdapIdentityStore implements IdentityStore {

    /** This store's id in a validation result, and the provider of the identities it links. */
    public static final String ID = "ldap";

    private Optional<LdapDirectory> directory;
    private ExternalAccounts accounts;

    protected LdapIdentityStore() {
        // for CDI's client proxy
    }

    @Inject
    public LdapIdentityStore(Settings settings, ExternalAccounts accounts) {
        this(settings.sso().ldap(), accounts);
    }

    LdapIdentityStore(Optional<SingleSignOn.Ldap> ldap, ExternalAccounts accounts) {
        this.directory = ldap.map(LdapDirectory::new);
        this.accounts = accounts;
    }

    @Override
    public CredentialValidationResult validate(Credential credential) {
        if (directory.isEmpty() || !(credential instanceof UsernamePasswordCredential password)) {
            return CredentialValidationResult.NOT_VALIDATED_RESULT;
        }
        return directory.get().authenticate(password.getCaller(), password.getPasswordAsString())
                .map(this::valid).orElse(CredentialValidationResult.INVALID_RESULT);
    }

    private CredentialValidationResult valid(LdapDirectory.Entry entry) {
        var account = accounts.signedIn(new DirectoryAccount(ID, entry.dn(), entry.username(), entry.email(),
                entry.displayName(), Optional.of(entry.groups()), directory.get().isAdmin(entry)));
        return new CredentialValidationResult(ID, new CallerPrincipal(account.user().username()), entry.dn(),
                entry.dn(), Set.of());
    }

    @Override
    public int priority() {
        // after the local store (100): a break-glass admin still signs in while the directory is down
        return 200;
    }

    @Override
    public Set<ValidationType> validationTypes() {
        return EnumSet.of(ValidationType.VALIDATE);
    }
}
