package io.portagent.tools.mcp;

import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import io.portagent.config.Version;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One configured MCP server, shared by every conversation: started on first need (or by the
 * start-up warm-up), its tool list kept, restarted on the next call after it died. A failed
 * start is retried at most once per {@link #RETRY_AFTER} so a broken server cannot slow every
 * turn. Never throws to the turn: every failure becomes an {@link McpServerException} sentence.
 */
final class McpServer implements AutoCloseable {

    static final Duration RETRY_AFTER = Duration.ofSeconds(60);
    private static final Logger LOG = LoggerFactory.getLogger(McpServer.class);

    private final McpServerSpec spec;
    private final Map<String, String> childEnvironment;
    private final Duration connectTimeout;
    private final Duration callTimeout;
    private final McpJsonMapper json;
    private final Executor background;
    private final AtomicBoolean starting = new AtomicBoolean();

    private McpAsyncClient client;
    private ChildProcessTransport child;
    private volatile boolean up;
    private volatile List<McpSchema.Tool> tools = List.of();
    private volatile long failedAt;
    private String lastFailure;
    private boolean closed;

    McpServer(McpServerSpec spec, Map<String, String> childEnvironment, Duration connectTimeout, Duration callTimeout,
            McpJsonMapper json, Executor background) {
        this.spec = spec;
        this.childEnvironment = childEnvironment;
        this.connectTimeout = connectTimeout;
        this.callTimeout = callTimeout;
        this.json = json;
        this.background = background;
    }

    McpServerSpec spec() {
        return spec;
    }

    /**
     * The tools last listed, without waiting: if the server is not up (never started, or its
     * last start failed more than a minute ago) a start begins in the background.
     */
    List<McpSchema.Tool> tools() {
        if (!isUp() && retryDue()) {
            startInBackground();
        }
        return tools;
    }

    /** The tools last listed, without starting anything. */
    List<McpSchema.Tool> knownTools() {
        return tools;
    }

    /** Starts the server off the caller's thread; the result is logged. */
    void startInBackground() {
        if (!starting.compareAndSet(false, true)) {
            return;
        }
        background.execute(() -> {
            try {
                ensureUp();
            } catch (McpServerException | InterruptedException e) {
                // logged by ensureUp
            } finally {
                starting.set(false);
            }
        });
    }

    boolean isUp() {
        ChildProcessTransport process = child;
        return up && (process == null || process.isAlive());
    }

    private boolean retryDue() {
        return failedAt == 0 || System.nanoTime() - failedAt > RETRY_AFTER.toNanos();
    }

    /** Starts (or restarts) the server and lists its tools, within MCP_CONNECT_TIMEOUT. */
    synchronized void ensureUp() throws InterruptedException {
        if (closed) {
            throw new McpServerException("the service is stopping");
        }
        if (isUp()) {
            return;
        }
        boolean restart = client != null;
        disconnect();
        try {
            connect();
            up = true;
            failedAt = 0;
            lastFailure = null;
            LOG.info("MCP server '{}' {}: {} tool(s) ({})", spec.name(), restart ? "restarted" : "attached",
                    tools.size(), spec.describe());
        } catch (McpServerException e) {
            String reason = e.getMessage() + stderrHint();
            disconnect();
            failedAt = System.nanoTime();
            if (!reason.equals(lastFailure)) {
                LOG.warn("MCP server '{}' is not available: {} ({}); tried again on next use, at most once a minute",
                        spec.name(), reason, spec.describe());
            }
            lastFailure = reason;
            throw new McpServerException("the MCP server '" + spec.name() + "' is not available: " + e.getMessage());
        }
    }

    private void connect() throws InterruptedException {
        McpClientTransport transport = transport();
        client = McpClient.async(transport)
                .clientInfo(new McpSchema.Implementation("portagent", Version.current()))
                .initializationTimeout(connectTimeout)
                // the SDK lists the tools again on notifications/tools/list_changed and hands them here
                .toolsChangeConsumer(changed -> {
                    tools = List.copyOf(changed);
                    return reactor.core.publisher.Mono.empty();
                })
                // our own deadline (the call's) fires first and names what timed out
                .requestTimeout(callTimeout.plus(connectTimeout))
                .build();
        await(failOnExit(client.initialize().toFuture(), child), connectTimeout, "initialize");
        List<McpSchema.Tool> listed = new ArrayList<>();
        String cursor = null;
        do {
            McpSchema.ListToolsResult page = await(failOnExit(client.listTools(cursor).toFuture(), child),
                    connectTimeout, "tools/list");
            listed.addAll(page.tools());
            cursor = page.nextCursor();
        } while (cursor != null && !cursor.isEmpty());
        tools = List.copyOf(listed);
    }

    private McpClientTransport transport() {
        if (spec.isStdio()) {
            Map<String, String> env = new java.util.HashMap<>(childEnvironment);
            env.putAll(spec.env());
            child = new ChildProcessTransport(spec, env, json);
            return child;
        }
        URI url = spec.url();
        String base = url.getScheme() + "://" + url.getRawAuthority();
        String endpoint = (url.getRawPath() == null || url.getRawPath().isEmpty() ? "/" : url.getRawPath())
                + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
        return HttpClientStreamableHttpTransport.builder(base)
                .endpoint(endpoint)
                .jsonMapper(json)
                .connectTimeout(connectTimeout)
                .httpRequestCustomizer((request, method, uri, body, context) -> spec.headers().forEach(request::header))
                .build();
    }

    /**
     * Calls one tool. A server that is down is started first; a server that dies or breaks
     * during the call is marked down, so the next call restarts it.
     */
    McpSchema.CallToolResult call(String tool, String argumentsJson) throws InterruptedException {
        ensureUp();
        McpAsyncClient current;
        ChildProcessTransport process;
        synchronized (this) {
            current = client;
            process = child;
        }
        if (current == null) {
            throw new McpServerException("the MCP server '" + spec.name() + "' is not available");
        }
        McpSchema.CallToolRequest request = new McpSchema.CallToolRequest(json, tool,
                argumentsJson == null || argumentsJson.isBlank() ? "{}" : argumentsJson);
        CompletableFuture<McpSchema.CallToolResult> result = failOnExit(current.callTool(request).toFuture(), process);
        try {
            return await(result, callTimeout, "tools/call '" + tool + "'");
        } catch (McpServerException e) {
            if (e.kind() == McpServerException.Kind.BROKEN) {
                markDown(current);
            }
            throw e;
        }
    }

    private synchronized void markDown(McpAsyncClient broken) {
        if (client == broken && up) {
            up = false;
            LOG.warn("MCP server '{}' failed during a call{}; it is restarted on next use", spec.name(), stderrHint());
        }
    }

    /** A process that dies fails the request at once rather than at its timeout. */
    private static <T> CompletableFuture<T> failOnExit(CompletableFuture<T> request, ChildProcessTransport process) {
        return process == null ? request : process.failOnExit(request);
    }

    private <T> T await(CompletableFuture<T> future, Duration timeout, String what) throws InterruptedException {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            future.cancel(true);
            throw e;
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new McpServerException(what + " got no answer within " + timeout.toSeconds() + " s",
                    McpServerException.Kind.TIMED_OUT);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof McpServerException failure) {
                throw failure;
            }
            if (cause instanceof McpError error && error.getJsonRpcError() != null) {
                throw new McpServerException(what + " failed: " + error.getJsonRpcError().message(),
                        McpServerException.Kind.ANSWERED);
            }
            Throwable root = McpError.findRootCause(cause);
            throw new McpServerException(what + " failed: " + (root instanceof McpServerException
                    ? root.getMessage() : root.toString()));
        }
    }

    private String stderrHint() {
        ChildProcessTransport process = child;
        String lines = process == null ? "" : process.lastErrors();
        return lines.isEmpty() ? "" : "; its last stderr: " + lines;
    }

    private synchronized void disconnect() {
        up = false;
        McpAsyncClient old = client;
        ChildProcessTransport process = child;
        client = null;
        child = null;
        if (old != null) {
            try {
                old.closeGracefully().block(Duration.ofSeconds(5));
            } catch (RuntimeException e) {
                LOG.debug("MCP server '{}': close: {}", spec.name(), e.toString());
            }
        }
        if (process != null) {
            process.stop();
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
        }
        disconnect();
    }
}
