package io.portagent.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The headers every response carries: a Content-Security-Policy without inline script, no MIME
 * sniffing, no framing, no referrer leaving the site. {@code connect-src} names the page's own
 * host for ws:/wss: because not every browser counts a WebSocket to itself as {@code 'self'}.
 */
final class SecurityHeaders {

    private SecurityHeaders() {
    }

    static void apply(HttpServletRequest request, HttpServletResponse response) {
        response.setHeader("Content-Security-Policy", policy(request.getHeader("Host")));
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Referrer-Policy", "same-origin");
        response.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    }

    static String policy(String host) {
        String sockets = isSafeHost(host) ? " ws://" + host + " wss://" + host : "";
        return "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; font-src 'self';"
                + " connect-src 'self'" + sockets + "; object-src 'none'; base-uri 'self'; form-action 'self';"
                + " frame-ancestors 'none'";
    }

    /** A Host header is the client's word: only a plain host[:port] may enter the policy. */
    static boolean isSafeHost(String host) {
        return host != null && !host.isEmpty() && host.length() <= 255 && host.matches("[A-Za-z0-9.\\-:\\[\\]]+");
    }
}
