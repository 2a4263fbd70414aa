package io.portagent.auth;

import static io.portagent.auth.AuthApi.newAddress;
import static io.portagent.auth.AuthApi.newUsername;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * With {@code TRUSTED_PROXIES} naming another host, the test's own address (127.0.0.1) is not a
 * proxy: its {@code X-Forwarded-For} is ignored, so changing it does not escape the throttle.
 */
class UntrustedProxyIT {

    @RegisterExtension
    static final AuthApp APP = new AuthApp(builder -> builder.set("TRUSTED_PROXIES", "10.9.9.9"));

    @Test
    void forwardedForFromAnUntrustedPeerIsIgnoredSoEveryAttemptCountsForThePeer() {
        String username = newUsername("real");
        APP.api().registered(username, "secret123");
        for (int i = 1; i <= 10; i++) {
            assertEquals(401, APP.api().login(newUsername("guess"), "wrong", newAddress()).status(), "attempt " + i);
        }
        LoginThrottleIT.assertThrottled(APP.api().login(username, "secret123", newAddress()));
    }
}
