package io.portagent.llm;

import io.portagent.config.Providers;
import io.portagent.config.Settings;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * How {@link LlmClient} reaches the provider. Validated on construction; start from
 * {@link #of(URI, String)} for the defaults and adjust with the {@code with...} methods.
 *
 * @param type           the protocol the provider speaks; default {@link ProviderType#ANTHROPIC}
 * @param baseUrl        provider base URL, e.g. {@code https://api.anthropic.com}; may end in a path
 *                       prefix ({@code https://gw.corp/anthropic}), to which the protocol adds its
 *                       endpoint ({@code /v1/messages}; {@code /chat/completions} for OpenAI)
 * @param apiKey         sent as the protocol's key header; may be empty where the type allows
 *                       it; {@link #toString()} masks it
 * @param connectTimeout TCP (and TLS) connect limit; default 10 s
 * @param idleTimeout    longest silence tolerated while waiting for or reading the stream; default 60 s
 * @param maxAttempts    HTTP requests per call, first one included; default 4
 * @param initialBackoff delay before the first retry, doubled each retry; default 1 s
 * @param maxBackoff     cap on any retry delay, {@code retry-after} included; default 30 s
 * @param httpProxy      {@code HTTP_PROXY}: proxy for http:// targets
 * @param httpsProxy     {@code HTTPS_PROXY}: proxy for https:// targets
 * @param noProxy        {@code NO_PROXY}: comma list of hosts that bypass the proxy
 * @param maxConnections pool size: one HTTP/1.1 connection per concurrent stream; default 1,500
 */
public record LlmConfig(
        ProviderType type,
        URI baseUrl,
        String apiKey,
        Duration connectTimeout,
        Duration idleTimeout,
        int maxAttempts,
        Duration initialBackoff,
        Duration maxBackoff,
        Optional<String> httpProxy,
        Optional<String> httpsProxy,
        Optional<String> noProxy,
        int maxConnections) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(60);
    public static final int DEFAULT_MAX_ATTEMPTS = 4;
    public static final Duration DEFAULT_INITIAL_BACKOFF = Duration.ofSeconds(1);
    public static final Duration DEFAULT_MAX_BACKOFF = Duration.ofSeconds(30);
    /** Sized for ~1,000 concurrent turns plus head-room; each stream holds one connection. */
    public static final int DEFAULT_MAX_CONNECTIONS = 1500;

    public LlmConfig {
        Objects.requireNonNull(type, "type");
        baseUrl = validBaseUrl(baseUrl);
        apiKey = apiKey == null ? "" : apiKey;
        requireKey(apiKey, type);
        requirePositive(connectTimeout, "connectTimeout");
        requirePositive(idleTimeout, "idleTimeout");
        requirePositive(initialBackoff, "initialBackoff");
        requirePositive(maxBackoff, "maxBackoff");
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be >= 1, got " + maxAttempts);
        }
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be >= 1, got " + maxConnections);
        }
        Objects.requireNonNull(httpProxy, "httpProxy");
        Objects.requireNonNull(httpsProxy, "httpsProxy");
        Objects.requireNonNull(noProxy, "noProxy");
    }

    /** The defaults: 10 s connect, 60 s idle, 4 attempts backing off 1 s to 30 s, no proxy. */
    public static LlmConfig of(URI baseUrl, String apiKey) {
        return of(ProviderType.ANTHROPIC, baseUrl, apiKey);
    }

    /** The defaults for a provider of {@code type}. */
    public static LlmConfig of(ProviderType type, URI baseUrl, String apiKey) {
        return new LlmConfig(type, baseUrl, apiKey, DEFAULT_CONNECT_TIMEOUT, DEFAULT_IDLE_TIMEOUT,
                DEFAULT_MAX_ATTEMPTS, DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_BACKOFF,
                Optional.empty(), Optional.empty(), Optional.empty(), DEFAULT_MAX_CONNECTIONS);
    }

    /** The configuration the operator's settings ask for, for one provider: its URL and key, the idle timeout, attempts and proxies. */
    public static LlmConfig from(Settings settings, Providers.Provider provider) {
        ProviderType type = ProviderType.parse(provider.type()).orElseThrow();
        return of(type, provider.url(), provider.key())
                .withTimeouts(DEFAULT_CONNECT_TIMEOUT, settings.agent().idleTimeout())
                .withRetries(settings.agent().maxAttempts(), DEFAULT_INITIAL_BACKOFF, DEFAULT_MAX_BACKOFF)
                .withProxies(settings.proxies().http(), settings.proxies().https(), settings.proxies().noProxy());
    }

    public LlmConfig withTimeouts(Duration connect, Duration idle) {
        return new LlmConfig(type, baseUrl, apiKey, connect, idle, maxAttempts, initialBackoff, maxBackoff,
                httpProxy, httpsProxy, noProxy, maxConnections);
    }

    public LlmConfig withRetries(int attempts, Duration initial, Duration max) {
        return new LlmConfig(type, baseUrl, apiKey, connectTimeout, idleTimeout, attempts, initial, max,
                httpProxy, httpsProxy, noProxy, maxConnections);
    }

    public LlmConfig withProxies(Optional<String> http, Optional<String> https, Optional<String> bypass) {
        return new LlmConfig(type, baseUrl, apiKey, connectTimeout, idleTimeout, maxAttempts, initialBackoff,
                maxBackoff, http, https, bypass, maxConnections);
    }

    public LlmConfig withMaxConnections(int connections) {
        return new LlmConfig(type, baseUrl, apiKey, connectTimeout, idleTimeout, maxAttempts, initialBackoff,
                maxBackoff, httpProxy, httpsProxy, noProxy, connections);
    }

    /** Where the answers stream from: the protocol's endpoint under the base URL, keeping any path prefix. */
    public URI endpoint() {
        return type.protocol().endpoint(displayUrl());
    }

    /** The base URL as users see it in error sentences: no trailing slash. */
    public String displayUrl() {
        String url = baseUrl.toString();
        int end = url.length();
        while (end > 0 && url.charAt(end - 1) == '/') {
            end--;
        }
        return url.substring(0, end);
    }

    /** Secrets masked: the key shows its first characters only, proxies hide their credentials. */
    @Override
    public String toString() {
        return "LlmConfig[type=" + type.configName() + ", baseUrl=" + baseUrl + ", apiKey="
                + (apiKey.isEmpty() ? "(none)" : Settings.mask(apiKey))
                + ", connectTimeout=" + connectTimeout + ", idleTimeout=" + idleTimeout
                + ", maxAttempts=" + maxAttempts + ", initialBackoff=" + initialBackoff
                + ", maxBackoff=" + maxBackoff + ", httpProxy=" + httpProxy.map(Settings::hideCredentials)
                + ", httpsProxy=" + httpsProxy.map(Settings::hideCredentials) + ", noProxy=" + noProxy
                + ", maxConnections=" + maxConnections + "]";
    }

    private static URI validBaseUrl(URI url) {
        Objects.requireNonNull(url, "baseUrl");
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || url.getHost() == null) {
            throw new IllegalArgumentException("The provider URL must be an http:// or https:// URL with a host, got \""
                    + url + "\".");
        }
        if (url.getRawQuery() != null || url.getRawFragment() != null || url.getRawUserInfo() != null) {
            throw new IllegalArgumentException("The provider URL must not carry a query, fragment or user info, got \""
                    + url + "\".");
        }
        return url;
    }

    private static void requireKey(String key, ProviderType type) {
        if (key.isEmpty() && type.keyOptional()) {
            return;
        }
        if (key.isBlank()) {
            throw new IllegalArgumentException("The provider API key is required.");
        }
        if (key.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            throw new IllegalArgumentException("The provider API key contains spaces or control characters.");
        }
    }

    private static void requirePositive(Duration value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isZero() || value.isNegative()) {
            throw new IllegalArgumentException(name + " must be positive, got " + value);
        }
    }
}
