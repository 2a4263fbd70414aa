package io.portagent.auth;

import com.nimbusds.jwt.JWTClaimsSet;
import io.portagent.config.SingleSignOn;
import io.portagent.store.AccountRecord;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sign-in through an OpenID Connect provider, by the authorization-code flow with PKCE. The
 * browser carries the flow between the three requests, sealed ({@link OidcSeal}): {@code begin}
 * sends it to the provider with a fresh state, nonce and code verifier; {@code complete} checks
 * the state, exchanges the code, checks the ID token (and reads userinfo), finds or creates the
 * account as for any single sign-on source and issues the app's own token, which it hands to the
 * page through a short-lived cookie rather than a URL; {@code session} gives the page that token.
 * A failure at any step is handed over the same way, as the message the sign-in page shows.
 */
public final class OidcSignIn {

    /** The provider of the identities this links. */
    public static final String PROVIDER = "oidc";
    /** The flow's state between {@code begin} and {@code complete}. */
    public static final String FLOW_COOKIE = "portagent_oidc_flow";
    /** The outcome, between {@code complete} and {@code session}. */
    public static final String HANDOFF_COOKIE = "portagent_oidc";
    static final Duration FLOW_LIFE = Duration.ofMinutes(10);
    static final Duration HANDOFF_LIFE = Duration.ofSeconds(60);

    private static final Logger LOG = LoggerFactory.getLogger(OidcSignIn.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String FLOW = "flow";
    private static final String HANDOFF = "handoff";

    /**
     * Where the browser goes next: the provider's {@code authorization} page, or (when empty) back
     * to the app's sign-in page; and the cookie to set on the way.
     */
    public record Step(Optional<URI> authorization, String cookie, String value, Duration life) {
    }

    /** What the sign-in page gets: the app's token and the rest of a login's answer, and where to end the provider's session. */
    public record Session(String token, UserView user, String expiresIn, List<String> roles,
            boolean mustChangePassword, String providerLogout) {
    }

    private final Optional<OidcProvider> provider;
    private final OidcSeal seal;
    private final ExternalAccounts external;
    private final Accounts accounts;
    private final Profiles profiles;
    private final Audit audit;
    private final boolean localLogin;

    public OidcSignIn(SingleSignOn sso, TokenSecrets secrets, ExternalAccounts external, Accounts accounts,
            Profiles profiles, Audit audit, Clock clock) {
        this(sso.oidc().map(c -> new OidcProvider(c, clock)), new OidcSeal(secrets, clock), external, accounts,
                profiles, audit, sso.localLogin());
    }

    OidcSignIn(Optional<OidcProvider> provider, OidcSeal seal, ExternalAccounts external, Accounts accounts,
            Profiles profiles, Audit audit, boolean localLogin) {
        this.localLogin = localLogin;
        this.provider = provider;
        this.seal = seal;
        this.external = external;
        this.accounts = accounts;
        this.profiles = profiles;
        this.audit = audit;
    }

    public boolean enabled() {
        return provider.isPresent();
    }

    /** The name on the sign-in button, when OIDC is configured. */
    public Optional<String> displayName() {
        return provider.map(p -> p.config().displayName());
    }

    /** The callback registered at the provider: OIDC_REDIRECT_URI, else {@code derived} from the request. */
    public URI redirectUri(URI derived) {
        return config().redirectUri().orElse(derived);
    }

    /** Sends the browser to the provider, with the flow sealed in a cookie. */
    public Step begin(URI redirectUri, String ip) {
        SingleSignOn.Oidc config = config();
        OidcProvider.Metadata metadata;
        try {
            metadata = provider.get().metadata();
        } catch (OidcProvider.Failure e) {
            return failed(ip, e.unreachable() ? unreachable() : refused(), "discovery: " + e.getMessage());
        }
        String state = random();
        String nonce = random();
        String verifier = random();
        Map<String, String> query = new LinkedHashMap<>();
        query.put("response_type", "code");
        query.put("client_id", config.clientId());
        query.put("redirect_uri", redirectUri.toString());
        query.put("scope", String.join(" ", config.scopes()));
        query.put("state", state);
        query.put("nonce", nonce);
        query.put("code_challenge", challenge(verifier));
        query.put("code_challenge_method", "S256");
        URI authorization = metadata.authorization();
        String separator = authorization.getRawQuery() == null ? "?" : "&";
        String flow = seal.seal(FLOW, Map.of("state", state, "nonce", nonce, "verifier", verifier, "redirect",
                redirectUri.toString()), FLOW_LIFE);
        return new Step(Optional.of(URI.create(authorization + separator + OidcProvider.form(query))), FLOW_COOKIE,
                flow, FLOW_LIFE);
    }

    /**
     * Finishes the flow the provider sent the browser back with ({@code query}: code and state, or
     * error): the handoff cookie carries the app's token, or why there is none.
     */
    public Step complete(String flowCookie, Map<String, String> query, String ip) {
        Optional<Map<String, Object>> flow = seal.open(FLOW, flowCookie);
        if (flow.isEmpty()) {
            return failed(ip, AuthException.badCredentials("This sign-in took too long or was started in another"
                    + " browser: start it again."), "no valid flow cookie (expired, or another browser)");
        }
        String state = (String) flow.get().get("state");
        if (!MessageDigest.isEqual(state.getBytes(StandardCharsets.UTF_8),
                query.getOrDefault("state", "").getBytes(StandardCharsets.UTF_8))) {
            return failed(ip, AuthException.badCredentials("This sign-in was started in another tab or window:"
                    + " start it again."), "state mismatch");
        }
        String issuer = query.get("iss");
        if (issuer != null && !issuer.equals(config().issuer().toString())) {
            // RFC 9207: an answer from another provider the browser was sent to (a mix-up attack)
            return failed(ip, refused(), "the callback names issuer '" + printable(issuer) + "'");
        }
        String error = query.containsKey("error") ? printable(query.get("error")) : null;
        if (error != null) {
            String name = config().displayName();
            return failed(ip, AuthException.badCredentials("access_denied".equals(error)
                    ? "Sign-in with " + name + " was cancelled." : name + " refused the sign-in (" + error + ")."),
                    "the provider answered " + error);
        }
        String code = query.get("code");
        if (code == null || code.isBlank()) {
            return failed(ip, refused(), "no code in the callback");
        }
        try {
            OidcProvider.Tokens tokens = provider.get().exchange(code, (String) flow.get().get("verifier"),
                    URI.create((String) flow.get().get("redirect")), (String) flow.get().get("nonce"));
            Map<String, Object> claims = new LinkedHashMap<>(provider.get().userinfo(tokens.accessToken(),
                    tokens.idToken().getSubject()));
            claims.putAll(withoutNulls(tokens.idToken()));
            DirectoryAccount person = person(claims);
            AccountRecord account = external.signedIn(person);
            AuthResult result = accounts.loginSucceeded(accounts.beginLogin(account.user().username(), ip),
                    account.userId());
            Map<String, String> handoff = new LinkedHashMap<>();
            handoff.put("token", result.token());
            providerLogout(URI.create((String) flow.get().get("redirect"))).ifPresent(u -> handoff.put("logout", u));
            return new Step(Optional.empty(), HANDOFF_COOKIE, seal.seal(HANDOFF, handoff, HANDOFF_LIFE), HANDOFF_LIFE);
        } catch (OidcProvider.Failure e) {
            if (e.unreachable()) {
                provider.get().forget();
            }
            return failed(ip, e.unreachable() ? unreachable() : refused(), e.getMessage());
        } catch (AuthException e) {
            // a reserved or invalid username, a disabled account, too many attempts: the sign-in page says which
            return refusedStep(e);
        }
    }

    /** The outcome {@code complete} handed over: the app's token with the account, or the refusal it ended in. */
    public Session session(String handoffCookie) {
        config();
        Map<String, Object> handoff = seal.open(HANDOFF, handoffCookie).orElseThrow(() ->
                AuthException.badCredentials("No sign-in to finish here: start it again."));
        if (handoff.containsKey("error")) {
            throw refusal(AuthException.Reason.valueOf((String) handoff.get("reason")), (String) handoff.get("error"));
        }
        String token = (String) handoff.get("token");
        AuthenticatedUser user = accounts.authenticate(token).orElseThrow(AuthException::badCredentials);
        Profiles.Me me = profiles.me(user);
        return new Session(token, me.user(), "7d", me.roles(), me.mustChangePassword(), (String) handoff.get("logout"));
    }

    private Step failed(String ip, AuthException shown, String cause) {
        LOG.warn("OIDC sign-in from {} failed: {}", ip, cause);
        audit.record("login_failed", Actor.anonymous(ip), null, null, Map.of("provider", PROVIDER, "cause", cause));
        return refusedStep(shown);
    }

    /** Back to the sign-in page with {@code refusal} handed over, for the page to say. */
    private Step refusedStep(AuthException refusal) {
        return new Step(Optional.empty(), HANDOFF_COOKIE, seal.seal(HANDOFF, Map.of("error", refusal.getMessage(),
                "reason", refusal.reason().name()), HANDOFF_LIFE), HANDOFF_LIFE);
    }

    private AuthException unreachable() {
        return refusal(AuthException.Reason.UNAVAILABLE, config().displayName() + " cannot be reached at the moment:"
                + " try again in a minute" + (localLogin ? ", or sign in with your password." : "."));
    }

    private AuthException refused() {
        return AuthException.badCredentials("The sign-in with " + config().displayName()
                + " could not be completed: start it again.");
    }

    private static AuthException refusal(AuthException.Reason reason, String message) {
        return switch (reason) {
            case INVALID_INPUT -> AuthException.invalidInput(message);
            case FORBIDDEN -> AuthException.forbidden(message);
            case UNAVAILABLE -> AuthException.unavailable(message);
            case THROTTLED -> AuthException.throttled(Duration.ofMinutes(1));
            default -> AuthException.badCredentials(message);
        };
    }

    /** The person the claims describe; a username the provider gives as an email address keeps its local part. */
    DirectoryAccount person(Map<String, Object> claims) {
        SingleSignOn.Oidc config = config();
        String subject = (String) claims.get("sub");
        Optional<String> email = string(claims, "email").filter(e -> !Boolean.FALSE.equals(claims.get("email_verified")));
        String username = string(claims, "preferred_username").or(() -> email).orElse(subject);
        int at = username.indexOf('@');
        Optional<Set<String>> groups = Optional.ofNullable(claims.get(config.groupsClaim())).map(OidcSignIn::groups);
        Optional<Boolean> admin = config.adminGroup().map(a -> groups.orElse(Set.of()).contains(group(a)));
        return new DirectoryAccount(PROVIDER, subject, at > 0 ? username.substring(0, at) : username, email,
                string(claims, "name"), groups, admin);
    }

    /** A value from the callback's URL as it may go into a log line or a sentence: anyone can type that URL. */
    private static String printable(String value) {
        String kept = value.replaceAll("[^A-Za-z0-9_.:/%-]", "?");
        return kept.length() > 80 ? kept.substring(0, 80) + "..." : kept;
    }

    private static Set<String> groups(Object claim) {
        Collection<?> values = claim instanceof Collection<?> c ? c : List.of(String.valueOf(claim).split(","));
        return values.stream().map(String::valueOf).map(String::strip).filter(g -> !g.isEmpty())
                .map(OidcSignIn::group).collect(Collectors.toSet());
    }

    /** Keycloak names groups by their path ({@code /staff}) unless told otherwise; either way it is the group. */
    private static String group(String name) {
        return (name.startsWith("/") ? name.substring(1) : name).toLowerCase(Locale.ROOT);
    }

    private static Optional<String> string(Map<String, Object> claims, String name) {
        return claims.get(name) instanceof String s && !s.isBlank() ? Optional.of(s.strip()) : Optional.empty();
    }

    private static Map<String, Object> withoutNulls(JWTClaimsSet claims) {
        Map<String, Object> all = new LinkedHashMap<>();
        claims.getClaims().forEach((k, v) -> {
            if (v != null) {
                all.put(k, v);
            }
        });
        return all;
    }

    /** The provider's end-session address, returning to the app's sign-in page, when it has one and it is wanted. */
    private Optional<String> providerLogout(URI redirect) {
        try {
            Optional<URI> endSession = provider.get().metadata().endSession().filter(e -> config().providerLogout());
            return endSession.map(e -> e + (e.getRawQuery() == null ? "?" : "&") + OidcProvider.form(Map.of(
                    "client_id", config().clientId(), "post_logout_redirect_uri", redirect.resolve("../../../login")
                            .toString())));
        } catch (OidcProvider.Failure e) {
            return Optional.empty();
        }
    }

    private SingleSignOn.Oidc config() {
        return provider.orElseThrow(() -> AuthException.notFound(
                "Sign-in with OpenID Connect is not configured (OIDC_ISSUER)")).config();
    }

    private static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
