package io.portagent.store;

/**
 * A socket ticket as stored: the hash of the ticket, and the token it stands for (its user, id,
 * issue and expiry times and roles, comma-separated), until {@code expiresAt} (epoch ms).
 */
public record TicketRecord(String ticketHash, String userId, String tokenId, long tokenIssuedAt, long tokenExpiresAt,
        String roles, long expiresAt) {
}
