package io.portagent.http;

import io.portagent.auth.ClientAddress;
import io.portagent.auth.OidcSignIn;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The two browser legs of OpenID Connect sign-in, {@code GET /api/auth/oidc/start} (to the
 * provider) and {@code GET /api/auth/oidc/callback} (back from it). Redirects, not JSON, so a
 * servlet rather than a resource: the way back to the app is a relative {@code Location}
 * ({@code ../../../login?sso=oidc}), right under any context path and behind any proxy. The
 * page then fetches the outcome from {@code POST /api/auth/oidc/session} (in {@link AuthResource}).
 */
@WebServlet(urlPatterns = {"/api/auth/oidc/start", "/api/auth/oidc/callback"})
public class OidcServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final String CALLBACK = "/api/auth/oidc/callback";
    /** From {@code /api/auth/oidc/<leg>} back to the app's sign-in page, which finishes the sign-in. */
    static final String BACK_TO_APP = "../../../login?sso=oidc";

    @Inject
    private transient OidcSignIn oidc;
    @Inject
    private transient ClientAddress clientAddress;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        if (!oidc.enabled()) {
            response.setStatus(HttpServletResponse.SC_NOT_FOUND);
            response.setContentType("application/json");
            response.getWriter().write("{\"error\":\"Sign-in with OpenID Connect is not configured (OIDC_ISSUER)\"}");
            return;
        }
        String ip = Callers.ip(clientAddress, request);
        OidcSignIn.Step step;
        if (request.getServletPath().equals(CALLBACK)) {
            step = oidc.complete(cookie(request, OidcSignIn.FLOW_COOKIE), query(request), ip);
            setCookie(request, response, OidcSignIn.FLOW_COOKIE, "", 0);
        } else {
            step = oidc.begin(oidc.redirectUri(publicCallback(request)), ip);
        }
        setCookie(request, response, step.cookie(), step.value(), (int) step.life().toSeconds());
        response.setStatus(HttpServletResponse.SC_SEE_OTHER);
        response.setHeader("Location", step.authorization().map(URI::toString).orElse(BACK_TO_APP));
    }

    /**
     * The callback's address as the browser sees it: the scheme and host a trusted proxy forwards
     * ({@code X-Forwarded-Proto}, {@code X-Forwarded-Host}), else the request's own, and this
     * application's context path.
     */
    private URI publicCallback(HttpServletRequest request) {
        boolean trusted = clientAddress.isTrusted(request.getRemoteAddr());
        String scheme = forwarded(request, "X-Forwarded-Proto", trusted).orElse(request.getScheme());
        String host = forwarded(request, "X-Forwarded-Host", trusted)
                .or(() -> Optional.ofNullable(request.getHeader("Host")))
                .orElse(request.getServerName() + ":" + request.getServerPort());
        return URI.create(scheme.toLowerCase(Locale.ROOT) + "://" + host + request.getContextPath() + CALLBACK);
    }

    private static Optional<String> forwarded(HttpServletRequest request, String header, boolean trusted) {
        return Optional.ofNullable(trusted ? request.getHeader(header) : null).map(v -> v.split(",")[0].strip())
                .filter(v -> !v.isEmpty());
    }

    private boolean secure(HttpServletRequest request) {
        return request.isSecure() || "https".equalsIgnoreCase(forwarded(request, "X-Forwarded-Proto",
                clientAddress.isTrusted(request.getRemoteAddr())).orElse(""));
    }

    /** A cookie only the sign-in's own requests carry: HttpOnly, SameSite=Lax (the provider's redirect is a top-level GET). */
    private void setCookie(HttpServletRequest request, HttpServletResponse response, String name, String value,
            int maxAge) {
        Cookie cookie = new Cookie(name, value);
        cookie.setPath(request.getContextPath() + "/api/auth/oidc");
        cookie.setHttpOnly(true);
        cookie.setSecure(secure(request));
        cookie.setMaxAge(maxAge);
        cookie.setAttribute("SameSite", "Lax");
        response.addCookie(cookie);
    }

    static String cookie(HttpServletRequest request, String name) {
        return request.getCookies() == null ? null : Arrays.stream(request.getCookies())
                .filter(c -> c.getName().equals(name)).map(Cookie::getValue).findFirst().orElse(null);
    }

    private static Map<String, String> query(HttpServletRequest request) {
        Map<String, String> query = new HashMap<>();
        for (String name : new String[] {"code", "state", "error", "iss"}) {
            Optional.ofNullable(request.getParameter(name)).ifPresent(v -> query.put(name, v));
        }
        return query;
    }
}
