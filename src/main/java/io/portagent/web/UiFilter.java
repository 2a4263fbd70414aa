package io.portagent.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.MalformedURLException;
import java.util.List;

/**
 * Puts the security headers on every response, serves the app shell ({@link Shell}) for the
 * single-page routes ({@code /}, {@code /login}, {@code /studio/<id>}, any unknown path without a
 * file extension) and lets everything else through untouched: the APIs (and the gateway {@code /v1}), the socket, health,
 * assets and WebJars. Versioned WebJar files may be cached for good; the app's own files are
 * revalidated, so a redeploy is picked up at once.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class UiFilter extends HttpFilter {

    private static final long serialVersionUID = 1L;
    private static final List<String> NOT_UI = List.of("/api/", "/agentx/", "/v1/", "/ws", "/health", "/metrics",
            "/assets/", "/webjars/", "/WEB-INF/", "/META-INF/", "/io/", "/portagent/");

    private transient Shell shell;

    @Override
    public void init() {
        shell = new Shell(getServletContext());
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        SecurityHeaders.apply(request, response);
        String path = request.getServletPath() + (request.getPathInfo() == null ? "" : request.getPathInfo());
        if (isAppRoute(request.getMethod(), path)) {
            shell.write(path, request.getMethod(), response);
            return;
        }
        if (path.startsWith("/webjars/")) {
            response.setHeader("Cache-Control", "public, max-age=31536000, immutable");
        } else if (path.startsWith("/assets/")) {
            response.setHeader("Cache-Control", "no-cache");
        }
        chain.doFilter(request, response);
    }

    private boolean isAppRoute(String method, String path) throws MalformedURLException {
        if (!"GET".equals(method) && !"HEAD".equals(method)) {
            return false;
        }
        if (path.isEmpty() || "/".equals(path) || "/index.html".equals(path)) {
            return true;
        }
        for (String prefix : NOT_UI) {
            if (path.startsWith(prefix) || path.equals(prefix.substring(0, prefix.length() - 1))) {
                return false;
            }
        }
        String last = path.substring(path.lastIndexOf('/') + 1);
        return !last.contains(".") && getServletContext().getResource(path) == null;
    }
}
