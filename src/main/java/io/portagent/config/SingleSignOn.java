package io.portagent.config;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * Sign-in beyond local passwords: an LDAP or Active Directory server, a fronting SSO proxy's
 * header and an OpenID Connect provider, each if configured, and whether local passwords still
 * count ({@code LOCAL_LOGIN}).
 */
public record SingleSignOn(Optional<Ldap> ldap, boolean localLogin, Optional<AuthProxy> proxy, Optional<Oidc> oidc) {

    /**
     * An OpenID Connect provider, signed in with by the authorization-code flow with PKCE:
     * {@code issuer} exactly as its discovery document names it, this service's client, the
     * scopes to ask for, the claim listing groups and the group that makes admins, the callback
     * when it cannot be told from requests, the button's name, and whether signing out ends
     * the provider's session too.
     */
    public record Oidc(URI issuer, String clientId, Optional<String> clientSecret, List<String> scopes,
            String groupsClaim, Optional<String> adminGroup, Optional<URI> redirectUri, String displayName,
            boolean providerLogout) {
        public Oidc {
            scopes = List.copyOf(scopes);
        }

        /** The client secret is a secret: only whether it is set. */
        @Override
        public String toString() {
            return "Oidc[issuer=" + issuer + ", clientId=" + clientId + ", clientSecret="
                    + clientSecret.map(v -> "(set)").orElse("(none)") + ", scopes=" + scopes + ", groupsClaim="
                    + groupsClaim + ", adminGroup=" + adminGroup + ", redirectUri=" + redirectUri + ", displayName="
                    + displayName + ", providerLogout=" + providerLogout + "]";
        }
    }

    /**
     * A fronting SSO proxy: the header naming the signed-in user, the header listing their groups
     * and the group that makes admins, believed only from a direct peer in {@code trusted}.
     */
    public record AuthProxy(String header, Optional<String> groupsHeader, Optional<String> adminGroup,
            List<String> trusted) {
        public AuthProxy {
            trusted = List.copyOf(trusted);
        }
    }

    /**
     * The directory: where it is, how the service account binds, where users and groups are and
     * which group makes admins. {@code userFilter} holds {@code {0}} for the typed name.
     */
    public record Ldap(URI url, boolean startTls, Optional<String> bindDn, Optional<String> bindPassword,
            String userBase, String userFilter, Optional<String> groupBase, Optional<String> adminGroup) {

        /** The bind password is a secret: only whether it is set. */
        @Override
        public String toString() {
            return "Ldap[url=" + url + ", startTls=" + startTls + ", bindDn=" + bindDn + ", bindPassword="
                    + bindPassword.map(v -> "(set)").orElse("(none)") + ", userBase=" + userBase + ", userFilter="
                    + userFilter + ", groupBase=" + groupBase + ", adminGroup=" + adminGroup + "]";
        }
    }

    public static SingleSignOn none() {
        return new SingleSignOn(Optional.empty(), true, Optional.empty(), Optional.empty());
    }
}
