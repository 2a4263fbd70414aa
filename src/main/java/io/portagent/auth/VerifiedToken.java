package io.portagent.auth;

import java.util.Set;

/** The claims of a token whose signature, issuer and expiry checked out, with the roles it grants. */
public record VerifiedToken(String userId, String tokenId, long expiresAtMs, Set<String> roles) {
}
