package io.portagent.ops;

import io.portagent.auth.ClientAddress;
import io.portagent.config.Settings;
import io.portagent.metrics.Metrics;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code GET /metrics} in the Prometheus text format. Open to a client whose resolved address is
 * loopback; from elsewhere only with {@code Authorization: Bearer <METRICS_TOKEN>} (a wrong token:
 * 401, none: 403); 404 with {@code METRICS_ENABLED=false}.
 */
@WebServlet(urlPatterns = "/metrics")
public class MetricsServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Inject
    private transient Settings settings;
    @Inject
    private transient ClientAddress addresses;
    @Inject
    private transient Metrics metrics;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.setHeader("Cache-Control", "no-store");
        Settings.Monitoring monitoring = settings.monitoring();
        if (!monitoring.metricsEnabled()) {
            response.sendError(404);
            return;
        }
        if (!MonitoringAccess.isLocal(addresses, request)
                && !MonitoringAccess.hasToken(request, monitoring.metricsToken())) {
            refuse(request, response);
            return;
        }
        response.setContentType(Metrics.contentType());
        response.getWriter().write(metrics.scrape());
    }

    private static void refuse(HttpServletRequest request, HttpServletResponse response) throws IOException {
        boolean triedToken = request.getHeader("Authorization") != null;
        if (triedToken) {
            response.setHeader("WWW-Authenticate", "Bearer");
        }
        response.setStatus(triedToken ? 401 : 403);
        response.setContentType("text/plain");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(triedToken ? "Wrong metrics token.\n"
                : "Metrics are open to loopback clients, or with Authorization: Bearer <METRICS_TOKEN>.\n");
    }
}
