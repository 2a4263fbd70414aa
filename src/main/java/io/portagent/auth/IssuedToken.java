package io.portagent.auth;

/** A freshly signed token and what it says. */
public record IssuedToken(String token, String tokenId, long expiresAtMs) {
}
