package io.portagent.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.testing.AppServer;
import io.portagent.testing.Await;
import io.portagent.testing.Http;
import io.portagent.testing.PortagentApp;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The provider's key is checked at start-up and every {@code PROVIDER_CHECK_INTERVAL} with one
 * model-list call: the result is logged with the start-up lines and again when it changes, and the
 * health details show it. With {@code METRICS_ENABLED=false} there is no {@code /metrics}.
 */
class ProviderCheckIT {

    @RegisterExtension
    static final PortagentApp app = PortagentApp.with(AppServer.builder().set("PROVIDER_CHECK_INTERVAL", "1")
            .set("METRICS_ENABLED", "false"));

    private static JsonObject provider() {
        return Http.get(app.uri("health")).json().getJsonObject("providers").getJsonObject("default");
    }

    private static String log() {
        try {
            return Files.readString(app.dataDir().resolve("logs/portagent.log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aKeyTheProviderStopsAcceptingShowsInTheHealthDetailsAndTheLogWithoutStoppingTheService() {
        assertEquals("ok", provider().getString("status"), "checked at start-up, before the first user");
        assertTrue(log().contains("Provider default: ok - the key is accepted by http://127.0.0.1:"), log());
        assertFalse(app.model().modelListRequests().isEmpty());
        assertFalse(log().contains(AppServer.TEST_API_KEY), "the key itself is never logged");

        app.model().requireKey("sk-ant-some-other-key-0123456789");
        JsonObject refused = Await.until("the next check to see the refused key", Duration.ofSeconds(20),
                ProviderCheckIT::provider, p -> p.getString("status").equals("invalid key"));
        assertTrue(refused.getString("detail").contains("refused the key (HTTP 401)"), refused.toString());
        assertTrue(log().contains("WARN") && log().contains("Provider default: invalid key - "), log());
        assertEquals(200, Http.get(app.uri("health")).status(), "a refused key is no reason to restart the service");
    }

    @Test
    void metricsCanBeTurnedOff() {
        assertEquals(404, Http.get(app.uri("metrics")).status());
    }
}
