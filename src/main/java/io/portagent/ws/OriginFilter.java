package io.portagent.ws;

import io.portagent.auth.ClientAddress;
import io.portagent.config.Settings;
import jakarta.inject.Inject;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Refuses a browser's WebSocket handshake (403) when its {@code Origin} is neither this
 * service's own host nor in {@code ALLOWED_ORIGINS}: another site must not open a socket with
 * a visitor's token (cross-site WebSocket hijacking). Clients that send no Origin (not
 * browsers) pass. Runs before the container's upgrade filter, which is mapped after the
 * application's filters.
 *
 * <p>Behind a proxy in {@code TRUSTED_PROXIES} the public host is the proxy's
 * {@code X-Forwarded-Host} when it sends one. A proxy that passes neither the public
 * {@code Host} nor {@code X-Forwarded-Host} (the minimal nginx block: the service sees
 * {@code Host: localhost:5200}) leaves nothing to compare the Origin with: the handshake is
 * let through, with one warning saying how to turn the check back on. The token is still
 * required either way.
 */
@WebFilter(urlPatterns = "/ws", asyncSupported = true)
public class OriginFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(OriginFilter.class);
    private static final AtomicBoolean WARNED = new AtomicBoolean();

    @Inject
    private transient Settings settings;
    @Inject
    private transient ClientAddress clientAddress;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String origin = request.getHeader("Origin");
        if (origin == null || allowed(origin, request)) {
            chain.doFilter(request, response);
            return;
        }
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        response.setContentType("application/json");
        response.getWriter().write("{\"error\":\"Origin not allowed: add it to ALLOWED_ORIGINS to permit it\"}");
    }

    private boolean allowed(String origin, HttpServletRequest request) {
        String host = request.getHeader("Host");
        if (allowed(origin, host, settings.webSocket().allowedOrigins())) {
            return true;
        }
        if (!clientAddress.isTrusted(request.getRemoteAddr())) {
            return false;
        }
        String forwardedHost = request.getHeader("X-Forwarded-Host");
        if (forwardedHost != null && !forwardedHost.isBlank()) {
            return allowed(origin, forwardedHost.split(",")[0], List.of());
        }
        if (isLoopbackName(host)) {
            if (WARNED.compareAndSet(false, true)) {
                LOG.warn("A WebSocket came through proxy {} with Host '{}' and Origin '{}': the proxy does not pass the"
                        + " public host, so the Origin cannot be checked. Add 'proxy_set_header Host $http_host;' to the"
                        + " proxy's location block (or list the origin in ALLOWED_ORIGINS) to check it.",
                        request.getRemoteAddr(), host, origin);
            }
            return true;
        }
        return false;
    }

    static boolean allowed(String origin, String host, List<String> allowedOrigins) {
        String normalized = origin.strip().toLowerCase(Locale.ROOT);
        for (String allowed : allowedOrigins) {
            if (allowed.equals("*") || allowed.strip().toLowerCase(Locale.ROOT).equals(normalized)) {
                return true;
            }
        }
        try {
            URI uri = URI.create(normalized);
            String authority = uri.getPort() < 0 ? uri.getHost() : uri.getHost() + ":" + uri.getPort();
            return host != null && authority != null && authority.equals(host.strip().toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** localhost, 127.x.x.x or [::1], with or without a port: the name a local proxy_pass leaves. */
    static boolean isLoopbackName(String host) {
        if (host == null) {
            return false;
        }
        String name = host.strip().toLowerCase(Locale.ROOT);
        if (name.startsWith("[")) {
            return name.startsWith("[::1]");
        }
        int colon = name.indexOf(':');
        name = colon < 0 ? name : name.substring(0, colon);
        return name.equals("localhost") || name.startsWith("127.");
    }
}
