package io.portagent.auth;

import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.crypto.DirectDecrypter;
import com.nimbusds.jose.crypto.DirectEncrypter;
import com.nimbusds.jwt.EncryptedJWT;
import com.nimbusds.jwt.JWTClaimsSet;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * What a sign-in through the provider keeps in the browser between its requests, sealed (JWE,
 * AES-256-GCM) so that only a node of this installation can read or forge it: any node can
 * finish a flow another started, with no shared state beyond the token secret. The key is
 * derived from that secret for this one use; a value sealed under the previous secret still
 * opens during a rotation. Each value names its purpose and expires.
 */
final class OidcSeal {

    private static final byte[] LABEL = "portagent oidc seal v1".getBytes(StandardCharsets.UTF_8);

    private final List<SecretKey> keys;
    private final Clock clock;

    OidcSeal(TokenSecrets secrets, Clock clock) {
        this.keys = Stream.concat(Stream.of(secrets.current()), secrets.previous().stream()).map(OidcSeal::derive)
                .toList();
        this.clock = clock;
    }

    String seal(String purpose, Map<String, String> values, Duration life) {
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().claim("purpose", purpose)
                .expirationTime(new Date(clock.millis() + life.toMillis()));
        values.forEach(claims::claim);
        EncryptedJWT jwt = new EncryptedJWT(new JWEHeader(JWEAlgorithm.DIR, EncryptionMethod.A256GCM), claims.build());
        try {
            jwt.encrypt(new DirectEncrypter(keys.get(0)));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot seal the sign-in state", e);
        }
        return jwt.serialize();
    }

    /** The values of a sealed value of {@code purpose} that has not expired; empty for anything else. */
    Optional<Map<String, Object>> open(String purpose, String sealed) {
        if (sealed == null || sealed.isEmpty()) {
            return Optional.empty();
        }
        for (SecretKey key : keys) {
            try {
                EncryptedJWT jwt = EncryptedJWT.parse(sealed);
                jwt.decrypt(new DirectDecrypter(key));
                JWTClaimsSet claims = jwt.getJWTClaimsSet();
                Date expires = claims.getExpirationTime();
                if (!purpose.equals(claims.getClaim("purpose")) || expires == null
                        || expires.getTime() < clock.millis()) {
                    return Optional.empty();
                }
                return Optional.of(claims.getClaims());
            } catch (ParseException | JOSEException | IllegalStateException e) {
                // not ours under this key: try the previous one, then give up
            }
        }
        return Optional.empty();
    }

    private static SecretKey derive(SecretKey secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getEncoded(), "HmacSHA256"));
            return new SecretKeySpec(mac.doFinal(LABEL), "AES");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JVM", e);
        }
    }
}
