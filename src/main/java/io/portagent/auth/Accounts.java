package io.portagent.auth;

import io.portagent.store.ContainerRepository;
import io.portagent.store.DiskFullException;
import io.portagent.store.DuplicateException;
import io.portagent.store.UserRecord;
import io.portagent.store.UserRepository;
import java.time.Clock;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registration, sign-in, token checks and sign-out. Every token check also looks at the
 * revocation list and at the user's {@code isActive}, so a disabled user or a signed-out token
 * stops working on the next request.
 */
public final class Accounts {

    private static final Logger LOG = LoggerFactory.getLogger(Accounts.class);

    private final UserRepository users;
    private final ContainerRepository containers;
    private final Tokens tokens;
    private final Revocations revocations;
    private final InviteCodes inviteCodes;
    private final boolean inviteCodeRequired;
    private final LoginThrottle throttle;
    private final Clock clock;
    private final java.util.List<java.util.function.Consumer<String>> revocationListeners =
            new java.util.concurrent.CopyOnWriteArrayList<>();

    public Accounts(UserRepository users, ContainerRepository containers, Tokens tokens, Revocations revocations,
            InviteCodes inviteCodes, boolean inviteCodeRequired, LoginThrottle throttle, Clock clock) {
        this.users = users;
        this.containers = containers;
        this.tokens = tokens;
        this.revocations = revocations;
        this.inviteCodes = inviteCodes;
        this.inviteCodeRequired = inviteCodeRequired;
        this.throttle = throttle;
        this.clock = clock;
    }

    public boolean inviteCodeRequired() {
        return inviteCodeRequired;
    }

    /** Creates the user and their container together: a failed user insert removes the container again. */
    public AuthResult register(Registration registration) {
        if (inviteCodeRequired && !inviteCodes.accepts(registration.inviteCode().orElse(null))) {
            throw AuthException.invalidInput("Invalid invite code");
        }
        registration.validate();
        long now = clock.millis();
        String userId = UUID.randomUUID().toString();
        String email = registration.email().map(e -> e.toLowerCase(Locale.ROOT))
                .orElse(userId + "@noemail.portagent");
        UserRecord user = new UserRecord(userId, registration.username(), email,
                Passwords.hash(registration.password()), "user-" + UUID.randomUUID(),
                registration.displayName().orElse(null), registration.avatar().orElse(null), true, now, now);
        try {
            store(user, now);
        } catch (DiskFullException e) {
            throw AuthException.storageFull(e);
        }
        LOG.info("Registered user {} ({})", user.username(), userId);
        return AuthResult.of(tokens.issue(userId, Roles.OF_EVERY_ACCOUNT), UserView.of(user));
    }

    private void store(UserRecord user, long now) {
        containers.create(user.containerId(), user.userId(), now);
        try {
            users.insert(user);
        } catch (DuplicateException e) {
            containers.delete(user.containerId());
            throw AuthException.invalidInput(e.getMessage());
        } catch (RuntimeException e) {
            containers.delete(user.containerId());
            throw e;
        }
    }

    /**
     * Signs in by username or email; every failure answers the same {@code Invalid credentials}.
     * Failures count against the account (whichever name was typed for it) and the client address.
     */
    public AuthResult login(String usernameOrEmail, String password, String clientAddress) {
        String login = usernameOrEmail.strip();
        Optional<UserRecord> user = users.findByLogin(login);
        String account = "account:" + user.map(UserRecord::userId).orElse(login.toLowerCase(Locale.ROOT));
        String address = "address:" + clientAddress;
        Optional<Duration> wait = throttle.blockedFor(account, address);
        if (wait.isPresent()) {
            throw AuthException.throttled(wait.get());
        }
        boolean matches = user.isPresent() ? Passwords.matches(password, user.get().passwordHash()) : decoy(password);
        if (!matches || !user.get().active()) {
            throttle.recordFailure(account, address);
            LOG.info("Failed sign-in for '{}' from {}", login, clientAddress);
            throw AuthException.badCredentials();
        }
        throttle.reset(account);
        return AuthResult.of(tokens.issue(user.get().userId(), Roles.OF_EVERY_ACCOUNT), UserView.of(user.get()));
    }

    private static boolean decoy(String password) {
        Passwords.spendVerificationTime(password);
        return false;
    }

    /** The user behind a token that verifies, is not revoked, and belongs to an active user. */
    public Optional<AuthenticatedUser> authenticate(String token) {
        return tokens.verify(token)
                .filter(t -> !revocations.isRevoked(t.tokenId()))
                .flatMap(t -> users.findById(t.userId()).filter(UserRecord::active)
                        .map(u -> new AuthenticatedUser(u.userId(), u.containerId(), t.tokenId(), t.expiresAtMs(),
                                t.roles())));
    }

    public Optional<UserView> user(String userId) {
        return users.findById(userId).map(UserView::of);
    }

    /** Revokes the token until it would have expired; an invalid token is simply ignored. */
    public void logout(String token) {
        tokens.verify(token).ifPresent(t -> {
            try {
                revocations.revoke(t.tokenId(), t.userId(), t.expiresAtMs());
            } catch (DiskFullException e) {
                throw AuthException.storageFull(e);
            }
            LOG.info("User {} signed out; token revoked", t.userId());
            revocationListeners.forEach(listener -> listener.accept(t.tokenId()));
        });
    }

    /** Called with the token id each time a token is revoked (open WebSockets close at once). */
    public void onRevocation(java.util.function.Consumer<String> listener) {
        revocationListeners.add(listener);
    }

    /** Why an already-authenticated caller may no longer act, if they may not: expired, revoked, disabled. */
    public Optional<String> revalidate(AuthenticatedUser user) {
        if (clock.millis() >= user.tokenExpiresAtMs()) {
            return Optional.of("token expired");
        }
        if (revocations.isRevoked(user.tokenId())) {
            return Optional.of("signed out");
        }
        return users.isActive(user.userId()) ? Optional.empty() : Optional.of("account disabled");
    }
}
