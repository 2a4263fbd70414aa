package io.portagent.tools.mcp;

import io.modelcontextprotocol.client.McpAsyncClient;
import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.portagent.config.Version;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Exceptions;
import reactor.core.publisher.Mono;

/**
 * One connection to an MCP server: the SDK client over its transport (our stdio child, or
 * streamable HTTP), opened with {@code initialize} and a full {@code tools/list}, used for
 * calls until it breaks or is closed. When to open, retry and log is {@link McpServer}'s.
 */
final class McpSession {

    private static final Logger LOG = LoggerFactory.getLogger(McpSession.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);

    private final McpServerSpec spec;
    private final Duration connectTimeout;
    private final Duration callTimeout;
    private final McpJsonMapper json;
    /** The stdio child; null over HTTP. */
    private final ChildProcessTransport process;
    private final McpAsyncClient client;
    private final AtomicBoolean broken = new AtomicBoolean();

    /** Builds the transport and the client; nothing is started until {@link #open()}. */
    McpSession(McpServerSpec spec, Map<String, String> childEnvironment, Duration connectTimeout,
            Duration callTimeout, McpJsonMapper json, Consumer<List<McpSchema.Tool>> toolsChanged) {
        this.spec = spec;
        this.connectTimeout = connectTimeout;
        this.callTimeout = callTimeout;
        this.json = json;
        this.process = spec.isStdio() ? new ChildProcessTransport(spec, environment(childEnvironment), json) : null;
        this.client = McpClient.async(process != null ? process : http())
                .clientInfo(new McpSchema.Implementation("portagent", Version.current()))
                .initializationTimeout(connectTimeout)
                // the SDK lists the tools again on notifications/tools/list_changed and hands them here
                .toolsChangeConsumer(changed -> {
                    toolsChanged.accept(List.copyOf(changed));
                    return Mono.empty();
                })
                // our own deadline (the call's) fires first and names what timed out
                .requestTimeout(callTimeout.plus(connectTimeout))
                .build();
    }

    private Map<String, String> environment(Map<String, String> childEnvironment) {
        Map<String, String> env = new HashMap<>(childEnvironment);
        env.putAll(spec.env());
        return env;
    }

    private McpClientTransport http() {
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

    /** Starts the process (stdio), initializes, and lists every page of tools, each within MCP_CONNECT_TIMEOUT. */
    List<McpSchema.Tool> open() throws InterruptedException {
        Replies.await(failOnExit(client.initialize().toFuture()), connectTimeout, "initialize");
        List<McpSchema.Tool> listed = new ArrayList<>();
        String cursor = null;
        do {
            McpSchema.ListToolsResult page = Replies.await(failOnExit(client.listTools(cursor).toFuture()),
                    connectTimeout, "tools/list");
            listed.addAll(page.tools());
            cursor = page.nextCursor();
        } while (cursor != null && !cursor.isEmpty());
        return List.copyOf(listed);
    }

    /** Calls one tool within TOOL_TIMEOUT. */
    McpSchema.CallToolResult call(String tool, String argumentsJson) throws InterruptedException {
        McpSchema.CallToolRequest request = new McpSchema.CallToolRequest(json, tool,
                argumentsJson == null || argumentsJson.isBlank() ? "{}" : argumentsJson);
        return Replies.await(failOnExit(client.callTool(request).toFuture()), callTimeout,
                "tools/call '" + tool + "'");
    }

    /** A process that dies fails the request at once rather than at its timeout. */
    private <T> CompletableFuture<T> failOnExit(CompletableFuture<T> request) {
        return process == null ? request : process.failOnExit(request);
    }

    /** Whether calls can go through: not marked broken, and its process (if any) still running. */
    boolean isUsable() {
        return !broken.get() && (process == null || process.isAlive());
    }

    /** Marks it unusable after a call broke; true for the one caller that did, so it is logged once. */
    boolean markBroken() {
        return broken.compareAndSet(false, true);
    }

    /** The last lines a stdio server wrote to stderr, as a suffix for a log line (empty when none). */
    String stderrHint() {
        String lines = process == null ? "" : process.lastErrors();
        return lines.isEmpty() ? "" : "; its last stderr: " + lines;
    }

    /** Closes the session, then stops the process tree. With the interrupt flag set, the process is killed at once. */
    void close() {
        try {
            client.closeGracefully().block(CLOSE_TIMEOUT);
        } catch (RuntimeException e) {
            if (Exceptions.unwrap(e) instanceof InterruptedException) {
                Thread.currentThread().interrupt(); // the caller was stopped: the process is killed next
            } else {
                // nothing for an operator to do: a stdio process is stopped next, an HTTP session expires on its own
                LOG.debug("MCP server '{}': closing the session failed: {}", spec.name(), e.toString());
            }
        }
        if (process != null) {
            process.stop(); // closing the session stops it too, unless that failed or was cut short
        }
    }
}
