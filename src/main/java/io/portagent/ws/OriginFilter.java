package io.portagent.ws;

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

/**
 * Refuses a browser's WebSocket handshake (403) when its {@code Origin} is neither this
 * service's own host nor in {@code ALLOWED_ORIGINS}: another site must not open a socket with
 * a visitor's token (cross-site WebSocket hijacking). Clients that send no Origin (not
 * browsers) pass. Runs before the container's upgrade filter, which is mapped after the
 * application's filters.
 */
@WebFilter(urlPatterns = "/ws", asyncSupported = true)
public class OriginFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;

    @Inject
    private transient Settings settings;

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        String origin = request.getHeader("Origin");
        if (origin == null || allowed(origin, request.getHeader("Host"), settings.webSocket().allowedOrigins())) {
            chain.doFilter(request, response);
            return;
        }
        response.setStatus(HttpServletResponse.SC_FORBIDDEN);
        response.setContentType("application/json");
        response.getWriter().write("{\"error\":\"Origin not allowed: add it to ALLOWED_ORIGINS to permit it\"}");
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
}
