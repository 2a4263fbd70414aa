package io.portagent.auth;

import io.portagent.store.DiskFullException;
import io.portagent.store.TicketRecord;
import io.portagent.store.TicketRepository;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Socket tickets: a signed-in caller trades their token for a ticket that opens one socket
 * ({@code /ws?ticket=...}), so that the token itself stays out of URLs and logs. A ticket is
 * random, valid for {@link #LIFETIME} (never past its token's expiry), redeemed once, and
 * stands for its token: the socket is as good as the token (logout, disabling and expiry close it).
 * Kept in the database, so that any node redeems a ticket any other node issued, only once.
 */
public final class WsTickets {

    static final Duration LIFETIME = Duration.ofSeconds(30);

    private final TicketRepository tickets;
    private final Accounts accounts;
    private final Clock clock;

    public WsTickets(TicketRepository tickets, Accounts accounts, Clock clock) {
        this.tickets = tickets;
        this.accounts = accounts;
        this.clock = clock;
    }

    /** A new ticket for the caller's token. */
    public String issue(AuthenticatedUser user) {
        long now = clock.millis();
        String ticket = Secrets.random();
        TicketRecord row = new TicketRecord(Secrets.sha256(ticket), user.userId(), user.tokenId(),
                user.tokenIssuedAtMs(), user.tokenExpiresAtMs(), String.join(",", user.roles()),
                Math.min(now + LIFETIME.toMillis(), user.tokenExpiresAtMs()));
        try {
            tickets.insert(row, now);
        } catch (DiskFullException e) {
            throw AuthException.storageFull(e);
        }
        return ticket;
    }

    /**
     * The caller a ticket stands for, if it is known, unused and unexpired, and its token is still
     * good (not signed out, the account active and not cut off since); the ticket is used up either way.
     */
    public Optional<AuthenticatedUser> redeem(String ticket) {
        if (ticket == null || ticket.isBlank()) {
            return Optional.empty();
        }
        long now = clock.millis();
        return tickets.redeem(Secrets.sha256(ticket.strip()), now)
                .filter(t -> t.tokenExpiresAt() > now)
                .flatMap(t -> accounts.authenticate(new VerifiedToken(t.userId(), t.tokenId(), t.tokenExpiresAt(),
                        roles(t.roles()), t.tokenIssuedAt())));
    }

    private static Set<String> roles(String joined) {
        return Arrays.stream(joined.split(",")).filter(r -> !r.isEmpty()).collect(Collectors.toUnmodifiableSet());
    }
}
