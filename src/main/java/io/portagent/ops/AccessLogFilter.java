package io.portagent.ops;

import io.portagent.auth.BearerTokenMechanism;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.security.Principal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One line per request at info: method, path, status, milliseconds and the user id when known.
 * The query string is never logged: it may carry a token ({@code /ws?token=...}). Successful
 * Prometheus scrapes of {@code /metrics} are not logged (a line every 15 s says nothing).
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class AccessLogFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;
    private static final Logger ACCESS = LoggerFactory.getLogger("io.portagent.access");

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        long start = System.nanoTime();
        try {
            chain.doFilter(request, response);
        } finally {
            if (ACCESS.isInfoEnabled() && !routineScrape(request, response)) {
                ACCESS.info("{} {} {} {}ms{}", request.getMethod(), request.getRequestURI(), response.getStatus(),
                        (System.nanoTime() - start) / 1_000_000, user(request));
            }
        }
    }

    /** A Prometheus scrape that succeeded: every 15 s all day, so only its failures are logged. */
    private static boolean routineScrape(HttpServletRequest request, HttpServletResponse response) {
        return response.getStatus() == 200 && "GET".equals(request.getMethod())
                && "/metrics".equals(request.getRequestURI().substring(request.getContextPath().length()));
    }

    private static String user(HttpServletRequest request) {
        Object id = request.getAttribute(BearerTokenMechanism.USER_ID_ATTRIBUTE);
        if (id == null) {
            Principal principal = request.getUserPrincipal();
            id = principal == null ? null : principal.getName();
        }
        return id == null ? "" : " user=" + id;
    }
}
