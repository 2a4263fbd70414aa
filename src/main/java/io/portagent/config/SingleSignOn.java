package io.portagent.config;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * Sign-in beyond local passwords: an LDAP or Active Directory server and a fronting SSO proxy's
 * header, each if configured, and whether local passwords still count ({@code LOCAL_LOGIN}).
 */
public record SingleSignOn(Optional<Ldap> ldap, boolean localLogin, Optional<AuthProxy> proxy) {

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
        return new SingleSignOn(Optional.empty(), true, Optional.empty());
    }
}
