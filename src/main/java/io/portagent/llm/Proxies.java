package io.portagent.llm;

import io.portagent.config.Settings;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.auth.CredentialsProvider;
import org.apache.hc.client5.http.impl.auth.CredentialsProviderBuilder;
import org.apache.hc.core5.http.HttpHost;

/**
 * {@code HTTP_PROXY}, {@code HTTPS_PROXY} and {@code NO_PROXY}, parsed once: which proxy, if any,
 * a target goes through (by the target's scheme; an https target falls back to
 * {@code HTTP_PROXY} when {@code HTTPS_PROXY} is not set, so the operator guide's
 * {@code -e HTTP_PROXY=...} alone reaches the provider), and the proxies' basic-auth credentials when
 * their URLs carry {@code user:password@}. A proxy URL without a scheme means {@code http://};
 * without a port, the scheme's default.
 */
final class Proxies {

    private final HttpHost http;
    private final HttpHost https;
    private final NoProxy bypass;
    private final CredentialsProvider credentials;

    private Proxies(HttpHost http, HttpHost https, NoProxy bypass, CredentialsProvider credentials) {
        this.http = http;
        this.https = https;
        this.bypass = bypass;
        this.credentials = credentials;
    }

    /** A parsed proxy URL; {@code user} is null when the URL carried no credentials. */
    private record ProxyUrl(HttpHost host, String user, String password) {
    }

    /** Parses the config's proxy settings; throws with a sentence naming the bad variable. */
    static Proxies from(LlmConfig config) {
        ProxyUrl http = config.httpProxy().map(url -> parse("HTTP_PROXY", url)).orElse(null);
        ProxyUrl https = config.httpsProxy().map(url -> parse("HTTPS_PROXY", url)).orElse(null);
        CredentialsProviderBuilder credentials = CredentialsProviderBuilder.create();
        boolean anyCredentials = false;
        for (ProxyUrl proxy : new ProxyUrl[] {http, https}) {
            if (proxy != null && proxy.user() != null) {
                credentials.add(new AuthScope(proxy.host()), proxy.user(), proxy.password().toCharArray());
                anyCredentials = true;
            }
        }
        HttpHost forHttps = https != null ? https.host() : http != null ? http.host() : null;
        return new Proxies(http == null ? null : http.host(), forHttps,
                NoProxy.parse(config.noProxy().orElse(null)), anyCredentials ? credentials.build() : null);
    }

    /** The proxy for this target, or null to connect directly. */
    HttpHost proxyFor(HttpHost target) {
        HttpHost proxy = "https".equalsIgnoreCase(target.getSchemeName()) ? https : http;
        if (proxy == null || bypass.matches(target.getHostName(), port(target))) {
            return null;
        }
        return proxy;
    }

    /** Basic-auth credentials for the proxies, if their URLs had any. */
    Optional<CredentialsProvider> credentials() {
        return Optional.ofNullable(credentials);
    }

    /** " via proxy http://host:port" for sentences about this target, or "" when it goes direct. */
    String describeRoute(HttpHost target) {
        HttpHost proxy = proxyFor(target);
        return proxy == null ? "" : " via proxy " + proxy.toURI();
    }

    private static int port(HttpHost target) {
        if (target.getPort() >= 0) {
            return target.getPort();
        }
        return "https".equalsIgnoreCase(target.getSchemeName()) ? 443 : 80;
    }

    private static ProxyUrl parse(String variable, String value) {
        String text = value.trim();
        URI uri;
        try {
            uri = URI.create(text.contains("://") ? text : "http://" + text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(variable + " is not a valid proxy URL: " + Settings.hideCredentials(text), e);
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw new IllegalArgumentException(variable + " must be an http:// or https:// proxy URL with a host, got "
                    + Settings.hideCredentials(text));
        }
        int port = uri.getPort() >= 0 ? uri.getPort() : scheme.equals("https") ? 443 : 80;
        HttpHost host = new HttpHost(scheme, uri.getHost(), port);
        String userInfo = uri.getRawUserInfo();
        if (userInfo == null) {
            return new ProxyUrl(host, null, null);
        }
        int colon = userInfo.indexOf(':');
        return new ProxyUrl(host, decode(colon < 0 ? userInfo : userInfo.substring(0, colon)),
                colon < 0 ? "" : decode(userInfo.substring(colon + 1)));
    }

    private static String decode(String text) {
        return URLDecoder.decode(text.replace("+", "%2B"), StandardCharsets.UTF_8);
    }
}
