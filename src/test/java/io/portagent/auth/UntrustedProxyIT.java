package io.portagent.auth;

import static io.portagent.auth.AuthApi.newAddress;
import static io.portagent.auth.AuthApi.newUsername;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.testing.AppServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * With {@code TRUSTED_PROXIES} naming another host, the test's own address (127.0.0.1) is not a
 * proxy: its {@code X-Forwarded-For} is ignored, so changing it does not escape the throttle.
 */
class UntrustedProxyIT {

    private static AppServer app;
    private static AuthApi api;

    @BeforeAll
    static void start() {
        app = AppServer.builder().set("TRUSTED_PROXIES", "10.9.9.9").start();
        assertTrue(app.started(), () -> app.startupError().orElse("did not start"));
        api = new AuthApi(app);
    }

    @AfterAll
    static void stop() {
        app.close();
    }

    @Test
    void forwardedForFromAnUntrustedPeerIsIgnoredSoEveryAttemptCountsForThePeer() {
        String username = newUsername("real");
        api.registered(username, "secret123");
        for (int i = 1; i <= 10; i++) {
            assertEquals(401, api.login(newUsername("guess"), "wrong", newAddress()).status(), "attempt " + i);
        }
        LoginThrottleIT.assertThrottled(api.login(username, "secret123", newAddress()));
    }
}
