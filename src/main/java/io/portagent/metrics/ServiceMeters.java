package io.portagent.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.portagent.agent.AgentRuntime;
import io.portagent.auth.LoginCounts;
import io.portagent.store.Database;
import io.portagent.tools.mcp.McpTools;
import io.portagent.ws.Connections;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The gauges and counters read from the parts themselves at scrape time: open sockets, running
 * turns, sockets closed for reading too slowly, sign-ins, each database's commits, disk and
 * health, each MCP server's state. Nothing here runs on a request's or a stream's path except a
 * database commit's histogram sample.
 */
final class ServiceMeters {

    private ServiceMeters() {
    }

    static void sockets(MeterRegistry registry, Connections connections) {
        Gauge.builder("portagent.websocket.connections", connections, Connections::size)
                .description("Open WebSocket connections").register(registry);
        FunctionCounter.builder("portagent.websocket.slow.consumer.closes", connections,
                Connections::slowReaderCloses).description("Sockets closed (4408) because their reader fell too far"
                        + " behind").register(registry);
    }

    static void runtime(MeterRegistry registry, AgentRuntime runtime) {
        Gauge.builder("portagent.running.turns", runtime, AgentRuntime::runningTurns)
                .description("Turns running now").register(registry);
        Gauge.builder("portagent.sessions.in.memory", runtime, AgentRuntime::sessionsInMemory)
                .description("Conversations' sessions held in memory").register(registry);
    }

    static void logins(MeterRegistry registry, LoginCounts logins) {
        login(registry, logins, "success", LoginCounts::succeeded);
        login(registry, logins, "failure", LoginCounts::failed);
        FunctionCounter.builder("portagent.login.throttled", logins, LoginCounts::throttled)
                .description("Sign-ins refused at once (429) because the account or the address was throttled")
                .register(registry);
    }

    private static void login(MeterRegistry registry, LoginCounts logins, String outcome,
            java.util.function.ToDoubleFunction<LoginCounts> count) {
        FunctionCounter.builder("portagent.logins", logins, count).tag("outcome", outcome)
                .description("Sign-ins with a password, by outcome").register(registry);
    }

    /**
     * A database's commit time, whether a full disk makes its writes fail, and whether it answers
     * ({@code healthy}: the same check as {@code /health}, run at scrape time).
     */
    static void database(MeterRegistry registry, Database database, Predicate<Database> healthy) {
        Timer commits = Timer.builder("portagent.db.commit").tag("database", database.name())
                .serviceLevelObjectives(Metrics.COMMIT_BUCKETS).description("Time of one database commit")
                .register(registry);
        database.timeCommits(nanos -> commits.record(nanos, TimeUnit.NANOSECONDS));
        Gauge.builder("portagent.db.disk.full", database, d -> d.writeProblem().isPresent() ? 1 : 0)
                .tag("database", database.name()).description("1 while writes fail because the disk is full")
                .register(registry);
        Gauge.builder("portagent.db.up", database, d -> healthy.test(d) ? 1 : 0).tag("database", database.name())
                .description("1 while the database answers a query (what /health checks)").register(registry);
    }

    static void mcp(MeterRegistry registry, McpTools mcp) {
        mcp.status().keySet().forEach(server -> {
            Gauge.builder("portagent.mcp.server.up", mcp, m -> state(m, server).up() ? 1 : 0).tag("server", server)
                    .description("1 while the MCP server is attached").register(registry);
            Gauge.builder("portagent.mcp.server.tools", mcp, m -> state(m, server).tools()).tag("server", server)
                    .description("Tools the MCP server offers").register(registry);
        });
    }

    private static McpTools.ServerStatus state(McpTools mcp, String server) {
        return mcp.status().getOrDefault(server, new McpTools.ServerStatus(false, 0));
    }
}
