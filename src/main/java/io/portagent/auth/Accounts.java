package io.portagent.auth;

import io.portagent.store.AccountRecord;
import io.portagent.store.AccountRepository;
import io.portagent.store.DiskFullException;
import io.portagent.store.UserRecord;
import io.portagent.store.UserRepository;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sign-in, token checks and sign-out. Every token check reads the account: it must exist, be
 * active, and the token must be issued after the account's token cutoff (set when it was
 * disabled, its roles or password changed, or it signed out everywhere); the token's roles count
 * only while the account still holds them.
 */
public final class Accounts {

    private static final Logger LOG = LoggerFactory.getLogger(Accounts.class);

    /** A sign-in in progress: what was typed, its throttle keys, and the account it names, if any. */
    record LoginAttempt(String login, String accountKey, String addressKey, String ip, Optional<UserRecord> user) {
    }

    private final UserRepository users;
    private final AccountRepository accounts;
    private final Tokens tokens;
    private final Revocations revocations;
    private final AccountRoles roles;
    private final LoginThrottle throttle;
    private final LoginCounts logins = new LoginCounts();
    private final Audit audit;
    private final SignOuts signOuts;
    private final Clock clock;

    public Accounts(AccountStores stores, Tokens tokens, Revocations revocations, AccountRoles roles,
            LoginThrottle throttle, Audit audit, SignOuts signOuts, Clock clock) {
        this.users = stores.users();
        this.accounts = stores.accounts();
        this.tokens = tokens;
        this.revocations = revocations;
        this.roles = roles;
        this.throttle = throttle;
        this.audit = audit;
        this.signOuts = signOuts;
        this.clock = clock;
    }

    /** The local password check behind {@link LocalIdentityStore}: an active account whose password matches. */
    Optional<AccountRecord> checkLocalPassword(String login, String password) {
        Optional<UserRecord> user = users.findByLogin(login.strip());
        if (user.isEmpty()) {
            Passwords.spendVerificationTime(password);
            return Optional.empty();
        }
        boolean matches = Passwords.matches(password, user.get().passwordHash());
        return matches && user.get().active() ? accounts.find(user.get().userId()) : Optional.empty();
    }

    /** Whether {@code username} is named in ADMIN_USERNAMES. */
    boolean adminByConfiguration(String username) {
        return roles.byConfiguration(username);
    }

    Set<String> rolesOf(AccountRecord account) {
        return roles.of(account);
    }

    /** The revoked tokens this service checks (to hear of other nodes' revocations). */
    public Revocations revocations() {
        return revocations;
    }

    /** Sign-ins since start-up by outcome (metrics). */
    public LoginCounts logins() {
        return logins;
    }

    /** Starts a sign-in: refused at once (429) while the account or the address is throttled. */
    LoginAttempt beginLogin(String login, String ip) {
        String typed = login.strip();
        Optional<UserRecord> user = users.findByLogin(typed);
        LoginAttempt attempt = new LoginAttempt(typed, "account:" + user.map(UserRecord::userId)
                .orElse(typed.toLowerCase(Locale.ROOT)), "address:" + ip, ip, user);
        Optional<Duration> wait = throttle.blockedFor(attempt.accountKey(), attempt.addressKey());
        if (wait.isPresent()) {
            logins.recordThrottled();
            throw AuthException.throttled(wait.get());
        }
        return attempt;
    }

    /** Counts and audits a failed sign-in; the exception to throw (always {@code Invalid credentials}). */
    AuthException loginFailed(LoginAttempt attempt) {
        throttle.recordFailure(attempt.accountKey(), attempt.addressKey());
        logins.recordFailure();
        LOG.info("Failed sign-in for '{}' from {}", attempt.login(), attempt.ip());
        audit.record("login_failed", Actor.anonymous(attempt.ip()), attempt.user().orElse(null),
                Map.of("login", attempt.login()));
        return AuthException.badCredentials();
    }

    /** Audits a sign-in a directory could not answer (not the user's fault: not throttled); the exception to throw. */
    AuthException loginUnavailable(LoginAttempt attempt, String cause) {
        logins.recordFailure();
        LOG.warn("Sign-in for '{}' from {} failed: {}", attempt.login(), attempt.ip(), cause);
        audit.record("login_failed", Actor.anonymous(attempt.ip()), attempt.user().orElse(null),
                Map.of("login", attempt.login(), "cause", cause));
        return AuthException.unavailable();
    }

    /** Completes a sign-in the identity stores accepted for {@code userId}: a token with the account's roles. */
    AuthResult loginSucceeded(LoginAttempt attempt, String userId) {
        AccountRecord account = accounts.find(userId).filter(a -> a.user().active())
                .orElseThrow(() -> loginFailed(attempt));
        throttle.reset(attempt.accountKey());
        logins.recordSuccess();
        recordLogin(userId);
        audit.record("login", new Actor(userId, account.user().username(), attempt.ip()), account.user(), Map.of());
        return issue(account);
    }

    /** Signing in only needs to read: a last sign-in time that cannot be stored (a full disk) is logged, not fatal. */
    private void recordLogin(String userId) {
        try {
            accounts.recordLogin(userId, clock.millis());
        } catch (RuntimeException e) {
            LOG.warn("Could not record the sign-in time of user {}: {}", userId, e.getMessage());
        }
    }

    /** The account of a caller an identity store accepted: ours by id, another store's by its linked identity. */
    Optional<String> userIdOf(String storeId, String uniqueId, String callerName) {
        if (LocalIdentityStore.ID.equals(storeId)) {
            return Optional.ofNullable(uniqueId);
        }
        return accounts.userIdOfIdentity(storeId, uniqueId != null ? uniqueId : callerName);
    }

    AuthResult issue(AccountRecord account) {
        Set<String> held = roles.of(account);
        return AuthResult.of(tokens.issue(account.userId(), held), UserView.of(account.user()), held,
                account.mustChangePassword());
    }

    /** The user behind a token that verifies, is not revoked, and is current for an active account. */
    public Optional<AuthenticatedUser> authenticate(String token) {
        return tokens.verify(token).flatMap(this::authenticate);
    }

    /** The user behind a token already verified (or a socket ticket standing for one): not revoked, current, active. */
    Optional<AuthenticatedUser> authenticate(VerifiedToken t) {
        return Optional.of(t).filter(v -> !revocations.isRevoked(v.tokenId()))
                .flatMap(v -> accounts.find(v.userId()).filter(a -> current(a, v.issuedAtMs()))
                        .map(a -> new AuthenticatedUser(a.userId(), a.user().username(), a.user().containerId(), v.tokenId(),
                                v.issuedAtMs(), v.expiresAtMs(), stillHeld(v.roles(), a), a.mustChangePassword())));
    }

    private static boolean current(AccountRecord account, long issuedAtMs) {
        return account.user().active() && issuedAtMs >= account.tokensValidAfter();
    }

    private Set<String> stillHeld(Set<String> claimed, AccountRecord account) {
        Set<String> held = roles.of(account);
        return claimed.stream().filter(held::contains).collect(Collectors.toUnmodifiableSet());
    }

    /** Revokes the token until it would have expired; an invalid token is simply ignored. */
    public void logout(String token, String ip) {
        tokens.verify(token).ifPresent(t -> {
            try {
                revocations.revoke(t.tokenId(), t.userId(), t.expiresAtMs());
            } catch (DiskFullException e) {
                throw AuthException.storageFull(e);
            }
            LOG.info("User {} signed out; token revoked", t.userId());
            audit.record("logout", new Actor(t.userId(), null, ip), t.userId(), null, Map.of());
            signOuts.tokenRevoked(t.tokenId());
        });
    }

    /** Ends every session of the caller, this one included. */
    public void logoutAll(AuthenticatedUser user, String ip) {
        cutTokens(user.userId(), clock.millis() + 1);
        audit.record("logout", Actor.of(user, ip), user.userId(), null, Map.of("everywhere", true));
    }

    void cutTokens(String userId, long cutoff) {
        accounts.transaction(tx -> {
            tx.cutTokens(userId, cutoff);
            return null;
        });
        signOuts.userSignedOut(userId);
    }

    /** Why an already-authenticated caller may no longer act, if they may not: expired, revoked, disabled. */
    public Optional<String> revalidate(AuthenticatedUser user) {
        if (clock.millis() >= user.tokenExpiresAtMs()) {
            return Optional.of("token expired");
        }
        if (revocations.isRevoked(user.tokenId())) {
            return Optional.of("signed out");
        }
        Optional<AccountRecord> account = accounts.find(user.userId());
        if (account.isEmpty() || !account.get().user().active()) {
            return Optional.of("account disabled");
        }
        return current(account.get(), user.tokenIssuedAtMs()) ? Optional.empty() : Optional.of("signed out everywhere");
    }
}
