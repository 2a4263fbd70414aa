package io.portagent.auth;

import io.portagent.config.SingleSignOn;
import io.portagent.store.AccountRecord;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sign-in from a fronting SSO proxy (oauth2-proxy, nginx {@code auth_request}, a corporate
 * gateway) that names the signed-in user in a header. The header is believed only when the
 * request's direct peer is in AUTH_PROXY_TRUSTED; the answer is the app's own token, so
 * nothing else ever reads the header. A value that is an email address gives the username its
 * local part and the account that email.
 */
public final class ProxySignIn {

    /** The provider of the identities this links. */
    public static final String PROVIDER = "proxy";
    private static final Logger LOG = LoggerFactory.getLogger(ProxySignIn.class);

    private final Optional<SingleSignOn.AuthProxy> config;
    private final ClientAddress proxies;
    private final ExternalAccounts external;
    private final Accounts accounts;
    private final Audit audit;

    public ProxySignIn(Optional<SingleSignOn.AuthProxy> config, ExternalAccounts external, Accounts accounts,
            Audit audit) {
        this.config = config;
        this.proxies = new ClientAddress(config.map(SingleSignOn.AuthProxy::trusted).orElse(java.util.List.of()));
        this.external = external;
        this.accounts = accounts;
        this.audit = audit;
    }

    public boolean enabled() {
        return config.isPresent();
    }

    /**
     * Signs in the user the proxy names: {@code peer} is the connection's own address (never a
     * forwarded one), {@code headers} reads the request's headers, {@code ip} is the client for the audit log.
     */
    public AuthResult login(String peer, UnaryOperator<String> headers, String ip) {
        SingleSignOn.AuthProxy proxy = config.orElseThrow(() -> AuthException.notFound(
                "Sign-in from a proxy header is not configured (AUTH_PROXY_HEADER)"));
        if (!proxies.isTrusted(peer)) {
            LOG.warn("Proxy sign-in refused: peer {} is not in AUTH_PROXY_TRUSTED", peer);
            throw refused(ip, "peer " + peer + " is not in AUTH_PROXY_TRUSTED");
        }
        String named = Optional.ofNullable(headers.apply(proxy.header())).map(String::strip).orElse("");
        if (named.isEmpty()) {
            throw refused(ip, "no " + proxy.header() + " header from the proxy");
        }
        Optional<Set<String>> groups = proxy.groupsHeader().map(h -> groups(headers.apply(h)));
        Optional<Boolean> admin = groups.flatMap(g -> proxy.adminGroup().map(a -> g.contains(a.toLowerCase(Locale.ROOT))));
        int at = named.indexOf('@');
        AccountRecord account = external.signedIn(new DirectoryAccount(PROVIDER, named,
                at > 0 ? named.substring(0, at) : named, at > 0 ? Optional.of(named) : Optional.empty(),
                Optional.empty(), groups, admin));
        return accounts.loginSucceeded(accounts.beginLogin(account.user().username(), ip), account.userId());
    }

    private AuthException refused(String ip, String cause) {
        audit.record("login_failed", Actor.anonymous(ip), null, null, Map.of("provider", PROVIDER, "cause", cause));
        return AuthException.badCredentials("Sign-in through the single sign-on proxy failed: open Portagent"
                + " through your organization's sign-on address, or sign in with a password.");
    }

    private static Set<String> groups(String header) {
        return header == null ? Set.of() : Arrays.stream(header.split(",")).map(String::strip)
                .filter(g -> !g.isEmpty()).map(g -> g.toLowerCase(Locale.ROOT)).collect(Collectors.toSet());
    }
}
