package io.portagent.store;

import java.util.Optional;

/**
 * Single-use socket tickets ({@code ws_tickets} in {@code portagent.db}). A ticket is redeemed by
 * deleting its row: of two nodes redeeming one ticket at once only the one whose delete removed
 * the row gets it (on PostgreSQL the other's serializable transaction fails and, retried, finds
 * no row).
 */
public final class TicketRepository {

    private final Database db;

    public TicketRepository(Database db) {
        this.db = db;
    }

    /** Stores a ticket, and forgets the tickets that expired before {@code now}. */
    public void insert(TicketRecord ticket, long now) {
        db.writeRows(c -> {
            Sql.update(c, "DELETE FROM ws_tickets WHERE expiresAt <= ?", now);
            return Sql.update(c, "INSERT INTO ws_tickets(ticketHash, userId, tokenId, tokenIssuedAt, tokenExpiresAt,"
                    + " roles, expiresAt) VALUES (?, ?, ?, ?, ?, ?, ?)", ticket.ticketHash(), ticket.userId(),
                    ticket.tokenId(), ticket.tokenIssuedAt(), ticket.tokenExpiresAt(), ticket.roles(),
                    ticket.expiresAt());
        });
    }

    /** The ticket, removed so that nobody redeems it again; empty if unknown, already redeemed or expired. */
    public Optional<TicketRecord> redeem(String ticketHash, long now) {
        // at READ COMMITTED too only one of two redeemers deletes the row: the other's DELETE finds it gone
        return db.writeRows(c -> {
            Optional<TicketRecord> row = Sql.one(c, "SELECT ticketHash, userId, tokenId, tokenIssuedAt,"
                    + " tokenExpiresAt, roles, expiresAt FROM ws_tickets WHERE ticketHash = ?", r -> new TicketRecord(
                    r.getString(1), r.getString(2), r.getString(3), r.getLong(4), r.getLong(5), r.getString(6),
                    r.getLong(7)), ticketHash);
            if (row.isEmpty() || Sql.update(c, "DELETE FROM ws_tickets WHERE ticketHash = ?", ticketHash) != 1) {
                return Optional.empty();
            }
            return row.filter(t -> t.expiresAt() > now);
        });
    }
}
