package io.portagent.ops;

import io.portagent.agent.AgentRuntime;
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
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code GET /health}: 200 {@code {"status":"ok","timestamp":...}} plus a few gauges (and a
 * {@code warning} while a full disk makes writes fail), or 503 with the reason when a database is
 * unusable.
 */
@WebServlet(urlPatterns = "/health", loadOnStartup = 1)
public class HealthServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(HealthServlet.class);
    private static final Jsonb JSON = JsonbBuilder.create();

    /**
     * The health answer; {@code reason} and {@code warning} are left out when null. The gauges show
     * what the service holds; {@code dbWrites} counts SQLite write transactions (both databases)
     * since start-up; {@code mcpServers} says which MCP servers are attached and their tool counts.
     */
    public record Status(String status, long timestamp, String reason, String warning, int connections,
            int runningTurns, int sessionsInMemory, long dbWrites, Map<String, McpTools.ServerStatus> mcpServers) {
    }

    @Inject
    private transient Storage storage;
    @Inject
    private transient AgentRuntime runtime;
    @Inject
    private transient Connections connections;
    @Inject
    private transient McpTools mcp;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<String> problem = Health.problem(storage);
        problem.ifPresent(p -> LOG.warn("Health check failed: {}", p));
        response.setStatus(problem.isPresent() ? 503 : 200);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-store");
        Status status = new Status(problem.isPresent() ? "error" : "ok", System.currentTimeMillis(),
                problem.orElse(null), Health.warning(storage).orElse(null), connections.size(),
                runtime.runningTurns(), runtime.sessionsInMemory(),
                storage.users().writeTransactions() + storage.agents().writeTransactions(), mcp.status());
        response.getWriter().write(JSON.toJson(status));
    }
}
