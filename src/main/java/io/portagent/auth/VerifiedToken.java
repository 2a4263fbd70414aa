package io.portagent.auth;

import java.util.Set;

/**
 * The claims of a token whose signature, issuer and expiry checked out, with the roles it grants
 * and when it was issued (epoch ms: an account's token cutoff refuses the tokens issued before it).
 */
public record VerifiedToken(String userId, String tokenId, long expiresAtMs, Set<String> roles, long issuedAtMs) {
}
