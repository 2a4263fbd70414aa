package io.portagent.auth;

import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.jwt.build.Jwt;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.crypto.SecretKey;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Issues and verifies the HS256 tokens: {@code sub} = user id, {@code iss} = portagent,
 * {@code iat}, {@code exp} = 7 days, a unique {@code jti}. Issued with smallrye-jwt-build,
 * verified with SmallRye's parser against the current key and then the previous one; only
 * HS256 is accepted, so {@code alg: none} and key-confusion tricks fail. The caller's roles
 * travel in {@code groups}. {@code iat_ms} repeats {@code iat} in milliseconds, so that a token
 * issued in the same second as an account's token cutoff, but after it, is told apart.
 */
public final class Tokens {

    public static final Duration LIFETIME = Duration.ofDays(7);
    private static final Logger LOG = LoggerFactory.getLogger(Tokens.class);
    static final String ISSUER = "portagent";
    static final String ISSUED_AT_MS = "iat_ms";

    private final TokenSecrets secrets;
    private final Clock clock;
    private final List<DefaultJWTParser> parsers;

    public Tokens(TokenSecrets secrets, Clock clock) {
        this.secrets = secrets;
        this.clock = clock;
        this.parsers = secrets.verificationKeys().stream().map(Tokens::parser).toList();
    }

    public IssuedToken issue(String userId, Set<String> roles) {
        Instant now = clock.instant();
        Instant expires = now.plus(LIFETIME);
        String id = UUID.randomUUID().toString();
        String token = Jwt.issuer(ISSUER).subject(userId).issuedAt(now).expiresAt(expires).claim("jti", id)
                .claim(ISSUED_AT_MS, now.toEpochMilli()).groups(roles).jws().algorithm(SignatureAlgorithm.HS256)
                .sign(secrets.current());
        return new IssuedToken(token, id, expires.toEpochMilli());
    }

    /** The token's claims if any accepted key verifies it and it has not expired. */
    public Optional<VerifiedToken> verify(String token) {
        for (DefaultJWTParser parser : parsers) {
            try {
                JsonWebToken jwt = parser.parse(token);
                if (jwt.getSubject() == null || jwt.getTokenID() == null) {
                    return Optional.empty();
                }
                return Optional.of(new VerifiedToken(jwt.getSubject(), jwt.getTokenID(), jwt.getExpirationTime() * 1000,
                        Roles.of(jwt.getGroups()), issuedAtMs(jwt)));
            } catch (ParseException e) {
                // wrong key, expired or malformed: the next key may still accept it
                LOG.debug("Token not accepted by one key: {}", e.getMessage());
            }
        }
        return Optional.empty();
    }

    /**
     * {@code iat_ms}; for tokens issued before it existed, the last millisecond of {@code iat}'s
     * second (such a token is older than any cutoff recorded since, so rounding up costs nothing).
     */
    private static long issuedAtMs(JsonWebToken jwt) {
        Object millis = jwt.getClaim(ISSUED_AT_MS);
        if (millis instanceof jakarta.json.JsonNumber number) {
            return number.longValue();
        }
        if (millis instanceof Number number) {
            return number.longValue();
        }
        return jwt.getIssuedAtTime() * 1000 + 999;
    }

    private static DefaultJWTParser parser(SecretKey key) {
        JWTAuthContextInfo info = new JWTAuthContextInfo(key, ISSUER);
        info.setSignatureAlgorithm(Set.of(SignatureAlgorithm.HS256));
        info.setExpGracePeriodSecs(0);
        // tokens from before roles carry no groups: every caller was a user then
        info.setDefaultGroupsClaim(Roles.USER);
        info.setMaxTimeToLiveSecs(LIFETIME.toSeconds() + 60);
        return new DefaultJWTParser(info);
    }
}
