package io.portagent.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jose.util.DefaultResourceRetriever;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import io.portagent.config.SingleSignOn;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParsingException;
import java.io.IOException;
import java.io.StringReader;
import java.net.MalformedURLException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.config.ConnectionConfig;
import org.apache.hc.client5.http.config.RequestConfig;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.client5.http.impl.io.PoolingHttpClientConnectionManagerBuilder;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;
import org.apache.hc.core5.util.Timeout;

/**
 * The OpenID provider as this service talks to it: its discovery document (read on first use and
 * again after an hour or a failure), the code exchange at its token endpoint, its userinfo
 * endpoint, and the checks of an ID token (signature by a key of its JWKS, issuer, audience,
 * expiry, nonce). Every failure is one of two {@link Failure}s: the provider could not be
 * reached, or it answered something that must not be believed. Sign-ins are rare: each call
 * makes its own classic HTTP client and closes it, so nothing (no selector thread, no pool)
 * outlives a request or the application.
 */
final class OidcProvider {

    /** What the discovery document says this service needs. */
    record Metadata(URI authorization, URI token, Optional<URI> userinfo, URI jwks, Optional<URI> endSession,
            boolean secretInBody) {
    }

    /** The tokens of a code exchange: the ID token's checked claims and the access token for userinfo. */
    record Tokens(JWTClaimsSet idToken, String accessToken) {
    }

    /** Why a step with the provider failed: {@code unreachable} is the provider's outage, not the user's fault. */
    static final class Failure extends Exception {
        private static final long serialVersionUID = 1L;
        private final boolean unreachable;

        Failure(boolean unreachable, String message) {
            super(message, null, false, false);
            this.unreachable = unreachable;
        }

        boolean unreachable() {
            return unreachable;
        }
    }

    /** Asymmetric signatures only: an HMAC keyed by the client secret, or none, is not accepted. */
    private static final Set<JWSAlgorithm> SIGNATURES = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384,
            JWSAlgorithm.RS512, JWSAlgorithm.PS256, JWSAlgorithm.PS384, JWSAlgorithm.PS512, JWSAlgorithm.ES256,
            JWSAlgorithm.ES384, JWSAlgorithm.ES512, JWSAlgorithm.EdDSA);
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final Duration METADATA_AGE = Duration.ofHours(1);
    private static final int MAX_BODY_CHARS = 1 << 20;

    private final SingleSignOn.Oidc config;
    private final Clock clock;
    private volatile Loaded loaded;

    private record Loaded(Metadata metadata, JWKSource<SecurityContext> keys, long at) {
    }

    OidcProvider(SingleSignOn.Oidc config, Clock clock) {
        this.config = config;
        this.clock = clock;
    }

    SingleSignOn.Oidc config() {
        return config;
    }

    Metadata metadata() throws Failure {
        return current().metadata();
    }

    private Loaded current() throws Failure {
        Loaded current = loaded;
        if (current == null || clock.millis() - current.at() > METADATA_AGE.toMillis()) {
            current = load();
            loaded = current;
        }
        return current;
    }

    /** Reads the discovery document again at the next use: after a failure its endpoints or keys may have moved. */
    void forget() {
        loaded = null;
    }

    private Loaded load() throws Failure {
        String base = config.issuer().toString().replaceAll("/+$", "");
        JsonObject doc = json(send(new HttpGet(URI.create(base + "/.well-known/openid-configuration"))),
                "discovery document");
        String issuer = text(doc, "issuer").orElse("");
        if (!issuer.equals(config.issuer().toString())) {
            // the spec's rule, and the one that stops a look-alike provider's tokens
            throw new Failure(false, "the discovery document names issuer '" + issuer + "', not OIDC_ISSUER '"
                    + config.issuer() + "'");
        }
        Set<String> methods = strings(doc.get("token_endpoint_auth_methods_supported"));
        Metadata metadata = new Metadata(endpoint(doc, "authorization_endpoint"), endpoint(doc, "token_endpoint"),
                optionalEndpoint(doc, "userinfo_endpoint"), endpoint(doc, "jwks_uri"),
                optionalEndpoint(doc, "end_session_endpoint"),
                !methods.isEmpty() && !methods.contains("client_secret_basic") && methods.contains("client_secret_post"));
        return new Loaded(metadata, remoteKeys(metadata.jwks()), clock.millis());
    }

    private static JWKSource<SecurityContext> remoteKeys(URI jwks) {
        try {
            int millis = (int) TIMEOUT.toMillis();
            // cached, refreshed when a token names a key it does not have (the provider rotated)
            return JWKSourceBuilder.create(jwks.toURL(), new DefaultResourceRetriever(millis, millis, 512 * 1024))
                    .retrying(true).build();
        } catch (MalformedURLException e) {
            throw new IllegalStateException("jwks_uri " + jwks, e);
        }
    }

    /** Exchanges {@code code} (with the PKCE verifier and this client's credentials) and checks the ID token. */
    Tokens exchange(String code, String verifier, URI redirectUri, String nonce) throws Failure {
        Metadata metadata = metadata();
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("code", code);
        form.put("redirect_uri", redirectUri.toString());
        form.put("code_verifier", verifier);
        HttpPost request = new HttpPost(metadata.token());
        if (config.clientSecret().isEmpty() || metadata.secretInBody()) {
            form.put("client_id", config.clientId());
            config.clientSecret().ifPresent(secret -> form.put("client_secret", secret));
        } else {
            String pair = encode(config.clientId()) + ":" + encode(config.clientSecret().get());
            request.setHeader("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        }
        request.setEntity(new StringEntity(form(form), ContentType.APPLICATION_FORM_URLENCODED));
        JsonObject reply = json(send(request), "token endpoint");
        String idToken = text(reply, "id_token").orElseThrow(() -> new Failure(false,
                "the token endpoint answered without an id_token"));
        return new Tokens(checkIdToken(idToken, nonce), text(reply, "access_token").orElse(""));
    }

    /** The ID token's claims once signature, issuer, audience, times and {@code nonce} are right. */
    JWTClaimsSet checkIdToken(String idToken, String nonce) throws Failure {
        return checkIdToken(idToken, nonce, current().keys());
    }

    /** {@link #checkIdToken(String, String)} with the provider's keys given. */
    JWTClaimsSet checkIdToken(String idToken, String nonce, JWKSource<SecurityContext> keys) throws Failure {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, null));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(SIGNATURES, keys));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(config.clientId(),
                new JWTClaimsSet.Builder().issuer(config.issuer().toString()).claim("nonce", nonce).build(),
                Set.of("sub", "iat", "exp", "nonce")));
        JWTClaimsSet claims;
        try {
            claims = processor.process(idToken, null);
        } catch (ParseException | BadJOSEException e) {
            throw new Failure(false, "the ID token was refused: " + e.getMessage());
        } catch (JOSEException e) {
            throw new Failure(true, "the provider's signing keys could not be read: " + e.getMessage());
        }
        List<String> audience = claims.getAudience();
        Object azp = claims.getClaim("azp");
        if (audience.size() > 1 && !config.clientId().equals(azp)) {
            throw new Failure(false, "the ID token is for several audiences and its azp is not this client");
        }
        return claims;
    }

    /** The userinfo endpoint's claims for {@code subject}, or none when the provider has no such endpoint. */
    Map<String, Object> userinfo(String accessToken, String subject) throws Failure {
        Optional<URI> endpoint = metadata().userinfo();
        if (endpoint.isEmpty() || accessToken.isEmpty()) {
            return Map.of();
        }
        HttpGet request = new HttpGet(endpoint.get());
        request.setHeader("Authorization", "Bearer " + accessToken);
        JsonObject info = json(send(request), "userinfo endpoint");
        if (!subject.equals(text(info, "sub").orElse(null))) {
            throw new Failure(false, "the userinfo endpoint answered for another subject");
        }
        Map<String, Object> claims = new LinkedHashMap<>();
        info.forEach((name, value) -> claims.put(name, plain(value)));
        return claims;
    }

    private String send(HttpUriRequestBase request) throws Failure {
        request.setHeader("Accept", "application/json");
        Timeout timeout = Timeout.of(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        URI uri = uri(request);
        record Reply(int status, String body) {
        }
        Reply reply;
        try (CloseableHttpClient http = HttpClients.custom().disableRedirectHandling().disableAutomaticRetries()
                .disableCookieManagement().setConnectionManager(PoolingHttpClientConnectionManagerBuilder.create()
                        .setDefaultConnectionConfig(ConnectionConfig.custom().setConnectTimeout(timeout)
                                .setSocketTimeout(timeout).build()).build())
                .setDefaultRequestConfig(RequestConfig.custom().setResponseTimeout(timeout).build()).build()) {
            reply = http.execute(request, response -> new Reply(response.getCode(), response.getEntity() == null ? ""
                    : EntityUtils.toString(response.getEntity(), MAX_BODY_CHARS + 1)));
        } catch (IOException | RuntimeException e) {
            throw new Failure(true, "cannot reach " + uri + ": " + e);
        }
        if (reply.status() >= 500) {
            throw new Failure(true, uri + " answered " + reply.status());
        }
        if (reply.status() != 200) {
            // the OAuth error code only: an error_description may echo what was sent
            throw new Failure(false, uri + " answered " + reply.status() + errorCode(reply.body()));
        }
        return reply.body();
    }

    private static URI uri(HttpUriRequestBase request) {
        try {
            return request.getUri();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String errorCode(String body) {
        try {
            return text(Json.createReader(new StringReader(body)).readObject(), "error").map(e -> " (" + e + ")")
                    .orElse("");
        } catch (RuntimeException e) {
            return "";
        }
    }

    private static JsonObject json(String body, String what) throws Failure {
        if (body.length() > MAX_BODY_CHARS) {
            throw new Failure(false, "the " + what + " is larger than " + MAX_BODY_CHARS + " characters");
        }
        try {
            return Json.createReader(new StringReader(body)).readObject();
        } catch (JsonParsingException | ClassCastException | IllegalStateException e) {
            throw new Failure(false, "the " + what + " is not a JSON object");
        }
    }

    private static URI endpoint(JsonObject doc, String name) throws Failure {
        return optionalEndpoint(doc, name).orElseThrow(() -> new Failure(false,
                "the discovery document has no " + name));
    }

    private static Optional<URI> optionalEndpoint(JsonObject doc, String name) throws Failure {
        Optional<String> value = text(doc, name);
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            URI uri = URI.create(value.get());
            if (!"https".equals(uri.getScheme()) && !"http".equals(uri.getScheme())) {
                throw new IllegalArgumentException(value.get());
            }
            return Optional.of(uri);
        } catch (IllegalArgumentException e) {
            throw new Failure(false, "the discovery document's " + name + " is not an http(s) URL");
        }
    }

    static Optional<String> text(JsonObject json, String name) {
        JsonValue value = json.get(name);
        return value instanceof JsonString s && !s.getString().isBlank() ? Optional.of(s.getString())
                : Optional.empty();
    }

    private static Set<String> strings(JsonValue value) {
        return value instanceof JsonArray array ? array.stream().filter(JsonString.class::isInstance)
                .map(v -> ((JsonString) v).getString()).collect(Collectors.toSet()) : new HashSet<>();
    }

    private static Object plain(JsonValue value) {
        return switch (value.getValueType()) {
            case STRING -> ((JsonString) value).getString();
            case ARRAY -> value.asJsonArray().stream().map(OidcProvider::plain).toList();
            case TRUE -> Boolean.TRUE;
            case FALSE -> Boolean.FALSE;
            default -> value.toString();
        };
    }

    static String form(Map<String, String> fields) {
        return fields.entrySet().stream().map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
