package io.portagent.auth;

import static io.portagent.auth.AuthApi.newAddress;
import static io.portagent.auth.AuthApi.newUsername;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.testing.Http;
import io.portagent.testing.PortagentApp;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Ten failed logins within 15 minutes block further attempts, even with the right password, with
 * 429, {@code Retry-After} and a JSON error: per account (from any address) and per client
 * address (for any account). The test connects from 127.0.0.1, a trusted proxy by default, so
 * each {@code X-Forwarded-For} value is a client of its own.
 */
class LoginThrottleIT {

    @RegisterExtension
    static final PortagentApp app = PortagentApp.withDefaults();
    private static final AuthApi api = new AuthApi(app);

    static void assertThrottled(Http.Reply reply) {
        assertEquals(429, reply.status(), reply::body);
        long retryAfter = Long.parseLong(reply.header("Retry-After"));
        assertTrue(retryAfter > 0 && retryAfter <= 15 * 60, () -> "Retry-After: " + retryAfter);
        assertTrue(reply.header("content-type").startsWith("application/json"));
        String error = reply.json().getString("error");
        assertTrue(error.matches("Too many failed sign-in attempts\\. Try again in (1[0-5]|[1-9]) minute\\(s\\)\\."),
                error);
    }

    private static void failTenTimes(String username, String address) {
        for (int i = 1; i <= 10; i++) {
            assertEquals(401, api.login(username, "wrong-" + i, address).status(), "attempt " + i);
        }
    }

    @Test
    void afterTenFailuresEvenTheRightPasswordGets429WithRetryAfter() {
        String username = newUsername("target");
        api.registered(username, "secret123");
        String address = newAddress();
        double failures = metric("portagent_logins_total{outcome=\"failure\"}");
        double throttled = metric("portagent_login_throttled_total");
        failTenTimes(username, address);
        assertThrottled(api.login(username, "secret123", address));
        assertEquals(failures + 10, metric("portagent_logins_total{outcome=\"failure\"}"), "counted in /metrics");
        assertEquals(throttled + 1, metric("portagent_login_throttled_total"));
    }

    /** A sample of /metrics (the test is a loopback client), 0 when absent. */
    static double metric(String series) {
        return Http.get(app.uri("metrics")).body().lines().filter(l -> l.startsWith(series + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(series.length() + 1))).findFirst().orElse(0);
    }

    @Test
    void aThrottledAccountIsThrottledFromEveryAddressWhateverTheCaseOfItsName() {
        String username = newUsername("account");
        api.registered(username, "secret123");
        for (int i = 1; i <= 10; i++) {
            assertEquals(401, api.login(username, "wrong-" + i, newAddress()).status());
        }
        assertThrottled(api.login(username, "secret123", newAddress()));
        assertThrottled(api.login(username.toUpperCase(Locale.ROOT), "secret123", newAddress()));
    }

    @Test
    void aThrottledAddressIsThrottledForEveryAccountWhileOtherAddressesAreNot() {
        String username = newUsername("bystander");
        api.registered(username, "secret123");
        String noisy = newAddress();
        for (int i = 1; i <= 10; i++) {
            assertEquals(401, api.login(newUsername("guess"), "wrong", noisy).status());
        }
        assertThrottled(api.login(username, "secret123", noisy));
        assertEquals(200, api.login(username, "secret123", newAddress()).status(),
                "another X-Forwarded-For is another client");
    }

    @Test
    void aSuccessfulLoginClearsTheAccountsFailures() {
        String username = newUsername("forgetful");
        api.registered(username, "secret123");
        for (int round = 0; round < 2; round++) {
            for (int i = 1; i <= 9; i++) {
                assertEquals(401, api.login(username, "wrong-" + i, newAddress()).status());
            }
            assertEquals(200, api.login(username, "secret123", newAddress()).status(), "round " + round);
        }
    }
}
