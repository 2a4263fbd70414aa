package io.portagent.auth;

/** The claims of a token whose signature, issuer and expiry checked out. */
public record VerifiedToken(String userId, String tokenId, long expiresAtMs) {
}
