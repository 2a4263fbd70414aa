package io.portagent.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.Optional;
import org.apache.hc.client5.http.auth.AuthScope;
import org.apache.hc.client5.http.auth.UsernamePasswordCredentials;
import org.apache.hc.core5.http.HttpHost;
import org.junit.jupiter.api.Test;

/** Proves how HTTP_PROXY / HTTPS_PROXY values are read and chosen by the target's scheme. */
class ProxiesTest {

    private static final HttpHost HTTPS_TARGET = new HttpHost("https", "api.anthropic.com", -1);
    private static final HttpHost HTTP_TARGET = new HttpHost("http", "llm.corp", 8080);

    @Test
    void proxyIsChosenByTheTargetsScheme() {
        Proxies proxies = proxies("http://plain.corp:3128", "http://secure.corp:3129", null);

        assertEquals(new HttpHost("http", "secure.corp", 3129), proxies.proxyFor(HTTPS_TARGET));
        assertEquals(new HttpHost("http", "plain.corp", 3128), proxies.proxyFor(HTTP_TARGET));
    }

    @Test
    void noProxySettingsMeanDirect() {
        assertNull(proxies(null, null, null).proxyFor(HTTPS_TARGET));
        assertNull(proxies(null, "http://secure.corp:3129", null).proxyFor(HTTP_TARGET));
    }

    @Test
    void httpsTargetsFallBackToHttpProxyWhenHttpsProxyIsNotSet() {
        Proxies proxies = proxies("http://plain.corp:3128", null, null);
        assertEquals(new HttpHost("http", "plain.corp", 3128), proxies.proxyFor(HTTPS_TARGET));
        assertEquals(" via proxy http://plain.corp:3128", proxies.describeRoute(HTTPS_TARGET));
    }

    @Test
    void proxyWithoutSchemeIsHttpAndWithoutPortTakesTheSchemesDefault() {
        assertEquals(new HttpHost("http", "proxy.corp", 3128), proxies(null, "proxy.corp:3128", null).proxyFor(HTTPS_TARGET));
        assertEquals(new HttpHost("http", "proxy.corp", 80), proxies(null, "http://proxy.corp", null).proxyFor(HTTPS_TARGET));
    }

    @Test
    void noProxyMatchBypassesTheProxy() {
        Proxies proxies = proxies("http://plain.corp:3128", "http://secure.corp:3129", "anthropic.com");

        assertNull(proxies.proxyFor(HTTPS_TARGET));
        assertEquals(" via proxy http://plain.corp:3128", proxies.describeRoute(HTTP_TARGET));
        assertEquals("", proxies.describeRoute(HTTPS_TARGET));
    }

    @Test
    void credentialsInTheProxyUrlBecomeBasicCredentialsForThatProxyOnly() {
        Proxies proxies = proxies(null, "http://alice:s%40cret@secure.corp:3129", null);

        UsernamePasswordCredentials credentials = (UsernamePasswordCredentials) proxies.credentials().orElseThrow()
                .getCredentials(new AuthScope(new HttpHost("http", "secure.corp", 3129)), null);
        assertEquals("alice", credentials.getUserName());
        assertEquals("s@cret", new String(credentials.getUserPassword()));
        assertFalse(proxies(null, "http://secure.corp:3129", null).credentials().isPresent());
    }

    @Test
    void malformedProxyFailsWithTheVariableNameAndNoPassword() {
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> proxies(null, "socks5://bob:hunter2@proxy.corp:1080", null));

        assertTrue(bad.getMessage().startsWith("HTTPS_PROXY"), bad.getMessage());
        assertFalse(bad.getMessage().contains("hunter2"), bad.getMessage());
    }

    private static Proxies proxies(String http, String https, String noProxy) {
        return Proxies.from(LlmConfig.of(URI.create("https://api.anthropic.com"), LlmTesting.API_KEY)
                .withProxies(Optional.ofNullable(http), Optional.ofNullable(https), Optional.ofNullable(noProxy)));
    }
}
