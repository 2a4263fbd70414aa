package io.portagent.auth;

import static io.portagent.auth.AuthApi.newAddress;
import static io.portagent.auth.AuthApi.newUsername;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.portagent.testing.AppServer;
import io.portagent.testing.PortagentApp;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * With {@code TRUSTED_PROXIES} naming another host, the test's own address (127.0.0.1) is not a
 * proxy: its {@code X-Forwarded-For} is ignored, so changing it does not escape the throttle.
 */
class UntrustedProxyIT {

    @RegisterExtension
    static final PortagentApp app = PortagentApp.with(AppServer.builder().set("TRUSTED_PROXIES", "10.9.9.9"));
    private static final AuthApi api = new AuthApi(app);

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
