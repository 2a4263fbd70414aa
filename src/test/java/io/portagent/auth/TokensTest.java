package io.portagent.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import javax.crypto.SecretKey;
import org.junit.jupiter.api.Test;

/**
 * Tokens round-trip (sub, jti, a 7-day exp), and every forged or stale token is refused: another
 * secret, a changed payload or signature, {@code alg: none}, HS512, expiry, a foreign issuer, an
 * overlong lifetime, no jti. A previous secret verifies only while configured as such. Roles
 * travel in {@code groups}; a token without that claim counts as a user.
 */
class TokensTest {

    private static final String SECRET = "test-secret-0123456789-0123456789-abcdef";
    private static final String OTHER = "another-secret-0123456789-0123456789-xyz";
    private static final String USER = "5f0c7d1e-0000-4000-8000-000000000001";

    private static final Set<String> ROLES = Set.of(Roles.USER);

    private static Tokens tokens(String current) {
        return new Tokens(new TokenSecrets(TokenSecrets.key(current, "test"), Optional.empty(), "test"),
                Clock.systemUTC());
    }

    private static Tokens rotated(String current, String previous) {
        return new Tokens(new TokenSecrets(TokenSecrets.key(current, "test"),
                Optional.of(TokenSecrets.key(previous, "test")), "test"), Clock.systemUTC());
    }

    private static SecretKey key(String secret) {
        return ForgedTokens.key(secret);
    }

    @Test
    void anIssuedTokenVerifiesWithItsSubjectTokenIdAndSevenDayExpiry() {
        Instant before = Instant.now();
        IssuedToken issued = tokens(SECRET).issue(USER, ROLES);
        VerifiedToken verified = tokens(SECRET).verify(issued.token()).orElseThrow();
        assertEquals(USER, verified.userId());
        assertEquals(issued.tokenId(), verified.tokenId());
        long sevenDays = before.plus(Duration.ofDays(7)).toEpochMilli();
        assertTrue(Math.abs(verified.expiresAtMs() - sevenDays) < 5_000, () -> "exp " + verified.expiresAtMs());
        assertEquals(issued.expiresAtMs() / 1000, verified.expiresAtMs() / 1000);
    }

    @Test
    void theRolesGoOutInGroupsAndComeBackFromThem() {
        IssuedToken issued = tokens(SECRET).issue(USER, ROLES);
        assertEquals(Json.createArrayBuilder().add("user").build(),
                ForgedTokens.claims(issued.token()).getJsonArray("groups"));
        assertEquals(ROLES, tokens(SECRET).verify(issued.token()).orElseThrow().roles());
    }

    @Test
    void aTokenWithoutGroupsCountsAsAUser() {
        String old = ForgedTokens.withoutGroups(key(SECRET), USER);
        assertFalse(ForgedTokens.claims(old).containsKey("groups"));
        assertEquals(ROLES, tokens(SECRET).verify(old).orElseThrow().roles());
    }

    @Test
    void groupsThatNameNoKnownRoleGrantNoRole() {
        assertEquals(Set.of(), tokens(SECRET).verify(ForgedTokens.withGroups(key(SECRET), USER, "guest")).orElseThrow()
                .roles());
        assertEquals(Set.of(), tokens(SECRET).verify(ForgedTokens.withGroups(key(SECRET), USER)).orElseThrow().roles());
        assertEquals(ROLES, tokens(SECRET).verify(ForgedTokens.withGroups(key(SECRET), USER, "guest", "user"))
                .orElseThrow().roles());
    }

    @Test
    void anIssuedTokenIsHs256WithIssuerIssuedAtAndAUniqueId() {
        IssuedToken first = tokens(SECRET).issue(USER, ROLES);
        IssuedToken second = tokens(SECRET).issue(USER, ROLES);
        JsonObject header = ForgedTokens.header(first.token());
        JsonObject claims = ForgedTokens.claims(first.token());
        assertEquals("HS256", header.getString("alg"));
        assertEquals("portagent", claims.getString("iss"));
        assertEquals(USER, claims.getString("sub"));
        assertEquals(first.tokenId(), claims.getString("jti"));
        assertEquals(7 * 24 * 3600, claims.getJsonNumber("exp").longValue() - claims.getJsonNumber("iat").longValue());
        assertNotEquals(first.tokenId(), second.tokenId());
    }

    @Test
    void aTokenIssuedWithAnInjectedClockEightDaysAgoHasExpired() {
        Clock eightDaysAgo = Clock.fixed(Instant.now().minus(Duration.ofDays(8)), Clock.systemUTC().getZone());
        Tokens past = new Tokens(new TokenSecrets(TokenSecrets.key(SECRET, "test"), Optional.empty(), "test"),
                eightDaysAgo);
        assertEquals(Optional.empty(), tokens(SECRET).verify(past.issue(USER, ROLES).token()));
    }

    @Test
    void aTokenSignedWithAnotherSecretIsRefused() {
        assertEquals(Optional.empty(), tokens(SECRET).verify(tokens(OTHER).issue(USER, ROLES).token()));
        assertEquals(Optional.empty(), tokens(SECRET).verify(ForgedTokens.signed(key(OTHER), USER)));
    }

    @Test
    void handMadeTokensWithTheRightSecretAreAccepted() {
        // the controls for the forgeries below: only their one defect makes them fail
        assertEquals(USER, tokens(SECRET).verify(ForgedTokens.signed(key(SECRET), USER)).orElseThrow().userId());
        long now = Instant.now().getEpochSecond();
        JsonObject claims = Json.createObjectBuilder().add("iss", "portagent")
                .add("sub", USER).add("iat", now).add("exp", now + 60).add("jti", "hand-made").build();
        assertEquals("hand-made", tokens(SECRET).verify(ForgedTokens.handSigned(key(SECRET), claims)).orElseThrow()
                .tokenId());
    }

    @Test
    void aChangedPayloadIsRefused() {
        String token = tokens(SECRET).issue(USER, ROLES).token();
        String forged = ForgedTokens.withSubject(token, "5f0c7d1e-0000-4000-8000-000000000002");
        assertEquals("5f0c7d1e-0000-4000-8000-000000000002", ForgedTokens.claims(forged).getString("sub"));
        assertEquals(Optional.empty(), tokens(SECRET).verify(forged));
    }

    @Test
    void aChangedSignatureIsRefused() {
        String token = tokens(SECRET).issue(USER, ROLES).token();
        assertEquals(Optional.empty(), tokens(SECRET).verify(ForgedTokens.withBadSignature(token)));
        assertEquals(Optional.empty(), tokens(SECRET).verify(token.substring(0, token.lastIndexOf('.') + 1)));
    }

    @Test
    void algNoneIsRefused() {
        String forged = ForgedTokens.algNone(tokens(SECRET).issue(USER, ROLES).token());
        assertEquals("none", ForgedTokens.header(forged).getString("alg"));
        assertEquals(Optional.empty(), tokens(SECRET).verify(forged));
    }

    @Test
    void onlyHs256IsAcceptedEvenWithTheRightKey() {
        String longSecret = SECRET + SECRET; // HS512 needs 64 bytes
        String hs512 = ForgedTokens.hs512(key(longSecret), USER);
        assertEquals("HS512", ForgedTokens.header(hs512).getString("alg"));
        assertEquals(Optional.empty(), tokens(longSecret).verify(hs512));
    }

    @Test
    void anExpiredTokenIsRefused() {
        assertEquals(Optional.empty(), tokens(SECRET).verify(ForgedTokens.expired(key(SECRET), USER)));
    }

    @Test
    void aTokenFromAnotherIssuerIsRefused() {
        assertEquals(Optional.empty(), tokens(SECRET).verify(ForgedTokens.wrongIssuer(key(SECRET), USER)));
    }

    @Test
    void aTokenLivingLongerThanSevenDaysIsRefused() {
        assertEquals(Optional.empty(), tokens(SECRET).verify(ForgedTokens.overlong(key(SECRET), USER)));
    }

    @Test
    void aTokenWithoutATokenIdIsRefusedBecauseItCouldNotBeRevoked() {
        assertEquals(Optional.empty(), tokens(SECRET).verify(ForgedTokens.withoutTokenId(key(SECRET), USER)));
    }

    @Test
    void garbageIsRefusedWithoutAnException() {
        for (String garbage : new String[] {"", "abc", "a.b.c", "..", "eyJhbGciOiJIUzI1NiJ9..", "\u0000"}) {
            assertEquals(Optional.empty(), tokens(SECRET).verify(garbage), garbage);
        }
    }

    @Test
    void aTokenOfThePreviousSecretVerifiesWhileItIsConfiguredAsPrevious() {
        String old = tokens(OTHER).issue(USER, ROLES).token();
        assertEquals(USER, rotated(SECRET, OTHER).verify(old).orElseThrow().userId());
        assertEquals(Optional.empty(), tokens(SECRET).verify(old));
    }

    @Test
    void afterARotationNewTokensAreSignedWithTheCurrentSecret() {
        String fresh = rotated(SECRET, OTHER).issue(USER, ROLES).token();
        assertTrue(tokens(SECRET).verify(fresh).isPresent());
        assertEquals(Optional.empty(), tokens(OTHER).verify(fresh));
    }

    @Test
    void thePreviousSecretDoesNotRescueAnExpiredToken() {
        assertEquals(Optional.empty(), rotated(SECRET, OTHER).verify(ForgedTokens.expired(key(OTHER), USER)));
    }
}
