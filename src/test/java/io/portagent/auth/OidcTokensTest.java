package io.portagent.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSSigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import io.portagent.config.SingleSignOn;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The checks an ID token must pass before anyone is signed in with it, each broken on its own
 * against real signatures (RSA keys made here, nimbus doing the cryptography): signature by the
 * provider's key, issuer, audience (and azp), expiry, nonce; no unsigned or client-secret MAC
 * tokens. Then the sealed flow state, and what the claims make of a person.
 */
class OidcTokensTest {

    private static final String ISSUER = "https://sso.example.org/realms/staff";
    private static final String CLIENT = "portagent";
    private static final String NONCE = "n-0S6_WzA2Mj";
    private static RSAKey providerKey;
    private static RSAKey strangerKey;
    private static JWKSource<SecurityContext> published;

    private final OidcProvider provider = new OidcProvider(config(Optional.empty()), Clock.systemUTC());

    @BeforeAll
    static void keys() throws JOSEException {
        providerKey = new RSAKeyGenerator(2048).keyID("k1").generate();
        strangerKey = new RSAKeyGenerator(2048).keyID("k1").generate();
        published = new ImmutableJWKSet<>(new JWKSet(providerKey.toPublicJWK()));
    }

    static SingleSignOn.Oidc config(Optional<String> adminGroup) {
        return new SingleSignOn.Oidc(URI.create(ISSUER), CLIENT, Optional.of("secret"), List.of("openid"), "groups",
                adminGroup, Optional.empty(), "Example SSO", true);
    }

    private static JWTClaimsSet.Builder good() {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder().issuer(ISSUER).subject("248289761001").audience(CLIENT)
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(300))).claim("nonce", NONCE);
    }

    private static String signed(JWTClaimsSet.Builder claims, JWSSigner signer, JWSAlgorithm alg) throws JOSEException {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(alg).keyID("k1").build(), claims.build());
        jwt.sign(signer);
        return jwt.serialize();
    }

    private static String signed(JWTClaimsSet.Builder claims) throws JOSEException {
        return signed(claims, new RSASSASigner(providerKey), JWSAlgorithm.RS256);
    }

    private void refused(String token, String why) {
        OidcProvider.Failure failure = assertThrows(OidcProvider.Failure.class,
                () -> provider.checkIdToken(token, NONCE, published), why);
        assertFalse(failure.unreachable(), why);
    }

    @Test
    void aTokenSignedByTheProvidersKeyForThisClientWithTheNonceIsAccepted() throws Exception {
        assertEquals("248289761001", provider.checkIdToken(signed(good()), NONCE, published).getSubject());
        assertEquals("248289761001", provider.checkIdToken(signed(good(), new RSASSASigner(providerKey),
                JWSAlgorithm.PS256), NONCE, published).getSubject(), "any asymmetric algorithm of the key");
    }

    @Test
    void eachBrokenClaimIsRefused() throws Exception {
        Instant now = Instant.now();
        refused(signed(good().issuer("https://sso.example.org/realms/other")), "another issuer");
        refused(signed(good().audience("another-client")), "another audience");
        refused(signed(good().claim("nonce", "replayed")), "another nonce");
        refused(signed(good().claim("nonce", null)), "no nonce");
        refused(signed(good().subject(null)), "no subject");
        refused(signed(good().issueTime(Date.from(now.minusSeconds(900)))
                .expirationTime(Date.from(now.minusSeconds(120)))), "expired beyond the minute of skew");
        refused(signed(good().audience(List.of(CLIENT, "another-client"))), "several audiences and no azp");
        assertEquals("248289761001", provider.checkIdToken(signed(good().audience(List.of(CLIENT, "another-client"))
                .claim("azp", CLIENT)), NONCE, published).getSubject(), "several audiences, azp this client");
    }

    @Test
    void aSignatureByAnyOtherKeyOrNoneOrTheClientSecretIsRefused() throws Exception {
        refused(signed(good(), new RSASSASigner(strangerKey), JWSAlgorithm.RS256), "another key, the same kid");
        refused(new PlainJWT(good().build()).serialize(), "alg none");
        byte[] secret = "a-client-secret-long-enough-for-hs256!!".getBytes(StandardCharsets.UTF_8);
        refused(signed(good(), new MACSigner(new SecretKeySpec(secret, "HmacSHA256")), JWSAlgorithm.HS256),
                "HS256 keyed by the client secret");
        String token = signed(good());
        String[] parts = token.split("\\.");
        String tampered = parts[0] + "." + parts[1].substring(0, parts[1].length() - 4) + "AAAA." + parts[2];
        refused(tampered, "a payload changed after signing");
        refused("not a token", "garbage");
    }

    @Test
    void aProviderThatCannotBeReachedIsAnOutageNotARefusal() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        OidcProvider down = new OidcProvider(new SingleSignOn.Oidc(URI.create("http://127.0.0.1:" + port), CLIENT,
                Optional.empty(), List.of("openid"), "groups", Optional.empty(), Optional.empty(), "SSO", true),
                Clock.systemUTC());
        OidcProvider.Failure failure = assertThrows(OidcProvider.Failure.class, down::metadata);
        assertTrue(failure.unreachable(), failure::getMessage);
    }

    @Test
    void theFlowSealOpensOnlyForItsPurposeBeforeItExpiresAndUnderThisInstallationsSecret() {
        TestClock clock = new TestClock(Instant.parse("2026-12-06T10:00:00Z"));
        TokenSecrets secrets = new TokenSecrets(TokenSecrets.key("first-secret-of-32-characters-or-more", "t"),
                Optional.empty(), "t");
        OidcSeal seal = new OidcSeal(secrets, clock);
        String verifier = "the-pkce-code-verifier-kept-secret";
        String sealed = seal.seal("flow", Map.of("state", "s1", "verifier", verifier), Duration.ofMinutes(10));
        for (String part : sealed.split("\\.")) {
            assertFalse(new String(java.util.Base64.getUrlDecoder().decode(part), StandardCharsets.ISO_8859_1)
                    .contains(verifier), "encrypted, not just signed");
        }
        assertEquals(verifier, seal.open("flow", sealed).orElseThrow().get("verifier"));
        assertTrue(seal.open("handoff", sealed).isEmpty(), "another purpose");
        assertTrue(seal.open("flow", sealed.substring(0, sealed.length() - 3) + "abc").isEmpty(), "tampered");
        TokenSecrets rotated = new TokenSecrets(TokenSecrets.key("second-secret-of-32-characters-or-more", "t"),
                Optional.of(secrets.current()), "t");
        assertEquals("s1", new OidcSeal(rotated, clock).open("flow", sealed).orElseThrow().get("state"),
                "still opens during a rotation");
        TokenSecrets other = new TokenSecrets(TokenSecrets.key("another-installation-secret-32-chars", "t"),
                Optional.empty(), "t");
        assertTrue(new OidcSeal(other, clock).open("flow", sealed).isEmpty(), "another installation");
        clock.advance(Duration.ofMinutes(11));
        assertTrue(seal.open("flow", sealed).isEmpty(), "expired");
    }

    @Test
    void theClaimsMakeThePersonWithGroupsByNameOrPathAndTheAdminGroup() {
        OidcSignIn signIn = new OidcSignIn(Optional.of(new OidcProvider(config(Optional.of("Portagent-Admins")),
                Clock.systemUTC())), null, null, null, null, null, true);
        DirectoryAccount alice = signIn.person(Map.of("sub", "u-1", "preferred_username", "alice@corp.example",
                "email", "alice@corp.example", "name", "Alice", "groups", List.of("/portagent-admins", "Staff")));
        assertEquals("alice", alice.username(), "an email address as the name keeps its local part");
        assertEquals("u-1", alice.subject());
        assertEquals(Optional.of("alice@corp.example"), alice.email());
        assertEquals(Optional.of(Set.of("portagent-admins", "staff")), alice.groups());
        assertEquals(Optional.of(true), alice.admin());
        DirectoryAccount bob = signIn.person(Map.of("sub", "u-2", "email", "bob@corp.example", "email_verified", true));
        assertEquals("bob", bob.username(), "no preferred_username: the email's local part");
        assertEquals(Optional.empty(), bob.groups(), "no groups claim: memberships left as they are");
        assertEquals(Optional.of(false), bob.admin(), "no groups claim: not an admin");
        DirectoryAccount dave = signIn.person(Map.of("sub", "u-3", "email", "dave@corp.example", "email_verified", false));
        assertEquals(Optional.empty(), dave.email(), "an unverified email is not taken");
        assertEquals("u-3", dave.username(), "nor made a name of");
        UnaryOperator<String> only = sub -> signIn.person(Map.of("sub", sub)).username();
        assertEquals("f81d4fae", only.apply("f81d4fae"), "nothing else: the subject");
    }
}
