package io.portagent.ops;

import io.portagent.agent.AgentRuntime;
import io.portagent.auth.ClientAddress;
import io.portagent.llm.KeyCheck;
import io.portagent.metrics.ProviderChecks;
import io.portagent.store.Storage;
import io.portagent.tools.mcp.McpTools;
import io.portagent.ws.Connections;
import jakarta.inject.Inject;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /health}: 200 {@code {"status":"ok","timestamp":...}}, or 503 with the reason when a
 * database is unusable. An admin's token or a loopback client (see {@link MonitoringAccess}) also
 * gets the details: a {@code warning} while a full disk makes writes fail, the gauges, the MCP
 * servers and each provider's key check.
 */
@WebServlet(urlPatterns = "/health", loadOnStartup = 1)
public class HealthServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(HealthServlet.class);
    private static final Jsonb JSON = JsonbBuilder.create();

    /** What anyone sees; {@code reason} only with 503. */
    public record Brief(String status, long timestamp, String reason) {
    }

    /**
     * The details; {@code reason} and {@code warning} are left out when null. The gauges show what
     * the service holds; {@code dbWrites} counts write transactions (both databases) since
     * start-up; {@code mcpServers} says which MCP servers are attached and their tool counts;
     * {@code providers} each provider's last key check.
     */
    public record Status(String status, long timestamp, String reason, String warning, int connections,
            int runningTurns, int sessionsInMemory, long dbWrites, Map<String, McpTools.ServerStatus> mcpServers,
            Map<String, ProviderStatus> providers) {
    }

    /** A provider's last key check: {@code ok}, {@code invalid key} or {@code unreachable}, and why. */
    public record ProviderStatus(String status, String detail) {
    }

    @Inject
    private transient Storage storage;
    @Inject
    private transient AgentRuntime runtime;
    @Inject
    private transient Connections connections;
    @Inject
    private transient McpTools mcp;
    @Inject
    private transient ClientAddress addresses;
    @Inject
    private transient ProviderChecks providerChecks;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<String> problem = Health.problem(storage);
        problem.ifPresent(p -> LOG.warn("Health check failed: {}", p));
        response.setStatus(problem.isPresent() ? 503 : 200);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        String status = problem.isPresent() ? "error" : "ok";
        long now = System.currentTimeMillis();
        boolean details = MonitoringAccess.isLocal(addresses, request) || MonitoringAccess.isAdmin(request);
        response.getWriter().write(details ? JSON.toJson(details(status, now, problem))
                : JSON.toJson(new Brief(status, now, problem.orElse(null))));
    }

    private Status details(String status, long now, Optional<String> problem) {
        Map<String, ProviderStatus> providers = new LinkedHashMap<>();
        providerChecks.results().forEach((name, check) -> providers.put(name, provider(check)));
        return new Status(status, now, problem.orElse(null), Health.warning(storage).orElse(null),
                connections.size(), runtime.runningTurns(), runtime.sessionsInMemory(),
                storage.users().writeTransactions() + storage.agents().writeTransactions(), mcp.status(), providers);
    }

    private static ProviderStatus provider(KeyCheck check) {
        return new ProviderStatus(check.outcome().word(), check.detail());
    }
}
