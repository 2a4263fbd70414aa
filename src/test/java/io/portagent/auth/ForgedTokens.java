package io.portagent.auth;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * Hand-made tokens for the refusal cases, each wrong in one named way, and readers for a
 * token's header and claims. Shared by the unit tests of {@link Tokens} and the HTTP tests.
 */
final class ForgedTokens {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private ForgedTokens() {
    }

    /** The HMAC key for a secret, as the application makes it from {@code JWT_SECRET} or {@code jwt.secret}. */
    static SecretKey key(String secret) {
        return new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256");
    }

    /** A well-formed token as the application would issue it, valid for an hour. */
    static String signed(SecretKey key, String userId) {
        return claims(Tokens.ISSUER, userId, Instant.now(), Duration.ofHours(1)).jws()
                .algorithm(SignatureAlgorithm.HS256).sign(key);
    }

    /** Correctly signed, with these names in {@code groups} instead of the role {@code user}. */
    static String withGroups(SecretKey key, String userId, String... groups) {
        return Jwt.issuer(Tokens.ISSUER).subject(userId).issuedAt(Instant.now())
                .expiresAt(Instant.now().plus(Duration.ofHours(1))).claim("jti", UUID.randomUUID().toString())
                .groups(Set.of(groups)).jws().algorithm(SignatureAlgorithm.HS256).sign(key);
    }

    /** Correctly signed and without a {@code groups} claim, as tokens were before they carried roles. */
    static String withoutGroups(SecretKey key, String userId) {
        return Jwt.issuer(Tokens.ISSUER).subject(userId).issuedAt(Instant.now())
                .expiresAt(Instant.now().plus(Duration.ofHours(1))).claim("jti", UUID.randomUUID().toString()).jws()
                .algorithm(SignatureAlgorithm.HS256).sign(key);
    }

    /** Correctly signed, but it expired an hour ago. */
    static String expired(SecretKey key, String userId) {
        return claims(Tokens.ISSUER, userId, Instant.now().minus(Duration.ofHours(2)), Duration.ofHours(1)).jws()
                .algorithm(SignatureAlgorithm.HS256).sign(key);
    }

    /** Correctly signed, but by someone who is not {@code portagent}. */
    static String wrongIssuer(SecretKey key, String userId) {
        return claims("someone-else", userId, Instant.now(), Duration.ofHours(1)).jws()
                .algorithm(SignatureAlgorithm.HS256).sign(key);
    }

    /** Correctly signed, but valid for 30 days where the application issues 7. */
    static String overlong(SecretKey key, String userId) {
        return claims(Tokens.ISSUER, userId, Instant.now(), Duration.ofDays(30)).jws()
                .algorithm(SignatureAlgorithm.HS256).sign(key);
    }

    /**
     * Correctly signed, but without a {@code jti}, so it could never be revoked. Signed by hand:
     * smallrye-jwt-build always adds a {@code jti}.
     */
    static String withoutTokenId(SecretKey key, String userId) {
        long now = Instant.now().getEpochSecond();
        JsonObject claims = Json.createObjectBuilder().add("iss", Tokens.ISSUER).add("sub", userId).add("iat", now)
                .add("exp", now + 3600).add("groups", Json.createArrayBuilder().add(Roles.USER)).build();
        return handSigned(key, claims);
    }

    /** Any claims, signed HS256 with plain {@code javax.crypto}, without SmallRye's help. */
    static String handSigned(SecretKey key, JsonObject claims) {
        String input = encode("{\"alg\":\"HS256\",\"typ\":\"JWT\"}") + "." + encode(claims.toString());
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return input + "." + ENCODER.encodeToString(mac.doFinal(input.getBytes(StandardCharsets.US_ASCII)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Signed with HS512 (needs a key of at least 64 bytes). */
    static String hs512(SecretKey key, String userId) {
        return claims(Tokens.ISSUER, userId, Instant.now(), Duration.ofHours(1)).jws()
                .algorithm(SignatureAlgorithm.HS512).sign(key);
    }

    /** The claims of a real token under {@code "alg": "none"} and without a signature. */
    static String algNone(String token) {
        return encode("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + token.split("\\.")[1] + ".";
    }

    /** The token with its subject replaced and the original signature kept. */
    static String withSubject(String token, String userId) {
        String[] parts = token.split("\\.");
        JsonObject claims = Json.createObjectBuilder(claims(token)).add("sub", userId).build();
        return parts[0] + "." + encode(claims.toString()) + "." + parts[2];
    }

    /**
     * The token with the first character of its signature changed. (Not the last: its low bits
     * are padding, and changing them may leave the decoded signature as it was.)
     */
    static String withBadSignature(String token) {
        int start = token.lastIndexOf('.') + 1;
        char first = token.charAt(start);
        return token.substring(0, start) + (first == 'A' ? 'B' : 'A') + token.substring(start + 1);
    }

    static JsonObject header(String token) {
        return decode(token.split("\\.")[0]);
    }

    static JsonObject claims(String token) {
        return decode(token.split("\\.")[1]);
    }

    private static JwtClaimsBuilder claims(String issuer, String userId, Instant issuedAt, Duration lifetime) {
        return Jwt.issuer(issuer).subject(userId).issuedAt(issuedAt).expiresAt(issuedAt.plus(lifetime))
                .claim("jti", UUID.randomUUID().toString()).groups(Set.of(Roles.USER));
    }

    private static String encode(String json) {
        return ENCODER.encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonObject decode(String part) {
        try (JsonReader reader = Json.createReader(new StringReader(
                new String(DECODER.decode(part), StandardCharsets.UTF_8)))) {
            return reader.readObject();
        }
    }
}
