package io.portagent.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Proves the configuration's defaults, URL joining, validation sentences and secret masking. */
class LlmConfigTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        LlmConfig config = LlmConfig.of(URI.create("https://api.anthropic.com"), LlmTesting.API_KEY);

        assertEquals(Duration.ofSeconds(10), config.connectTimeout());
        assertEquals(Duration.ofSeconds(60), config.idleTimeout());
        assertEquals(4, config.maxAttempts());
        assertEquals(Duration.ofSeconds(1), config.initialBackoff());
        assertEquals(Duration.ofSeconds(30), config.maxBackoff());
        assertEquals(1500, config.maxConnections());
        assertEquals(Optional.empty(), config.httpsProxy());
    }

    @Test
    void messagesUriIsJoinedOntoTheBaseUrlKeepingAnyPathPrefix() {
        assertEquals(URI.create("https://api.anthropic.com/v1/messages"), messages("https://api.anthropic.com"));
        assertEquals(URI.create("https://api.anthropic.com/v1/messages"), messages("https://api.anthropic.com/"));
        assertEquals(URI.create("https://gw.corp/llm/anthropic/v1/messages"), messages("https://gw.corp/llm/anthropic//"));
    }

    @Test
    void invalidSettingsFailWithASentence() {
        assertEquals("The provider URL must be an http:// or https:// URL with a host, got \"ftp://x\".",
                assertThrows(IllegalArgumentException.class, () -> config("ftp://x", LlmTesting.API_KEY)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> config("https://api.anthropic.com?x=1", LlmTesting.API_KEY));
        assertEquals("The provider API key is required.",
                assertThrows(IllegalArgumentException.class, () -> config("https://a.b", " ")).getMessage());
        assertThrows(IllegalArgumentException.class, () -> config("https://a.b", "sk-ant\r\nX-Evil: 1"));
        assertThrows(IllegalArgumentException.class, () -> config("https://a.b", LlmTesting.API_KEY)
                .withRetries(0, Duration.ofSeconds(1), Duration.ofSeconds(1)));
        assertThrows(IllegalArgumentException.class, () -> config("https://a.b", LlmTesting.API_KEY)
                .withTimeouts(Duration.ZERO, Duration.ofSeconds(1)));
    }

    @Test
    void toStringMasksTheKeyAndProxyCredentials() {
        String text = config("https://api.anthropic.com", LlmTesting.API_KEY)
                .withProxies(Optional.empty(), Optional.of("http://bob:hunter2@proxy.corp:3128"), Optional.empty())
                .toString();

        assertFalse(text.contains(LlmTesting.API_KEY), text);
        assertTrue(text.contains("sk-ant-api03-te..."), text);
        assertFalse(text.contains("hunter2"), text);
        assertTrue(text.contains("http://***@proxy.corp:3128"), text);
    }

    private static URI messages(String base) {
        return config(base, LlmTesting.API_KEY).endpoint();
    }

    private static LlmConfig config(String base, String key) {
        return LlmConfig.of(URI.create(base), key);
    }
}
