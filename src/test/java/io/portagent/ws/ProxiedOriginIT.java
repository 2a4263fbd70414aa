package io.portagent.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.portagent.testing.PortagentApp;
import io.portagent.testing.TestUsers.User;
import io.portagent.testing.WsClient;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The Origin check behind a proxy in TRUSTED_PROXIES (here: the test itself, on loopback, as a
 * local nginx would be). With X-Forwarded-Host the Origin must match it; with the operator
 * guide's minimal nginx block (no Host passed on, the service sees {@code Host: 127.0.0.1:port})
 * there is nothing to compare with, so the browser's socket opens rather than failing with 403.
 */
class ProxiedOriginIT {

    @RegisterExtension
    static final PortagentApp app = PortagentApp.withDefaults();

    /** The handshake's status: 101 when the socket opened, else the refusal's status. */
    private static int handshake(URI uri, Map<String, String> headers) {
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder()
                .connectTimeout(Duration.ofSeconds(10));
        headers.forEach(builder::header);
        try {
            builder.buildAsync(uri, new WebSocket.Listener() { }).get(20, TimeUnit.SECONDS)
                    .sendClose(WebSocket.NORMAL_CLOSURE, "").get(5, TimeUnit.SECONDS);
            return 101;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw new AssertionError(e.getCause());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theMinimalNginxBlockWithoutHostStillOpensBrowserSockets() {
        User user = app.newUser();
        URI uri = WsClient.wsUri(app.baseUri(), user.token());
        assertEquals("127.0.0.1", app.baseUri().getHost(), "the service sees a loopback Host, as behind proxy_pass");
        assertEquals(101, handshake(uri, Map.of("Origin", "http://portal.intranet.example")));
    }

    @Test
    void withXForwardedHostTheOriginMustMatchIt() {
        User user = app.newUser();
        URI uri = WsClient.wsUri(app.baseUri(), user.token());
        assertEquals(101, handshake(uri, Map.of("Origin", "https://portal.intranet.example:8443",
                "X-Forwarded-Host", "portal.intranet.example:8443")));
        assertEquals(403, handshake(uri, Map.of("Origin", "https://evil.example.org",
                "X-Forwarded-Host", "portal.intranet.example:8443")));
    }

    @Test
    void theTokenIsStillRequired() {
        URI uri = WsClient.wsUri(app.baseUri(), null);
        assertEquals(401, handshake(uri, Map.of("Origin", "http://portal.intranet.example")));
    }
}
