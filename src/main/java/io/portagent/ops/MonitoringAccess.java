package io.portagent.ops;

import io.portagent.auth.BearerTokens;
import io.portagent.auth.ClientAddress;
import io.portagent.auth.Roles;
import jakarta.servlet.http.HttpServletRequest;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * Who may read the monitoring details: a client whose resolved address (after
 * {@code TRUSTED_PROXIES}' {@code X-Forwarded-For}) is loopback, so nginx relaying a remote
 * client does not count as local; otherwise {@code /metrics} needs {@code METRICS_TOKEN} and the
 * health details an admin's token.
 */
final class MonitoringAccess {

    private MonitoringAccess() {
    }

    static boolean isLocal(ClientAddress addresses, HttpServletRequest request) {
        return ClientAddress.isLoopback(addresses.of(request));
    }

    /** Whether the request carries {@code Authorization: Bearer <token>}, compared in constant time. */
    static boolean hasToken(HttpServletRequest request, Optional<String> expected) {
        // the header only: a ?token= query would end up in access logs
        Optional<String> given = BearerTokens.of(request.getHeader("Authorization"), null);
        return expected.isPresent() && given.isPresent() && MessageDigest.isEqual(
                given.get().getBytes(StandardCharsets.UTF_8), expected.get().getBytes(StandardCharsets.UTF_8));
    }

    /** Whether Jakarta Security signed the request in with an admin's token (on this public URL it may). */
    static boolean isAdmin(HttpServletRequest request) {
        return request.getUserPrincipal() != null && request.isUserInRole(Roles.ADMIN);
    }
}
