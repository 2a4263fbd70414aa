package io.portagent.tools.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One configured MCP server, shared by every conversation: started on first need (or by the
 * start-up warm-up), its tool list kept, restarted on the next call after it died. A failed
 * start is retried at most once per {@link #RETRY_AFTER} so a broken server cannot slow every
 * turn. Every failure reaches the turn as an {@link McpServerException} sentence; an interrupt
 * (the user stopped the turn) as an {@code InterruptedException}, with the thread's flag set.
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
    /** Held by starts and stops; callers wait for it interruptibly, as a start may take MCP_CONNECT_TIMEOUT. */
    private final ReentrantLock lock = new ReentrantLock();

    /** Written under the lock; volatile because isUp reads it without: model requests and /health never wait for a start. */
    private volatile McpSession session;
    private volatile List<McpSchema.Tool> tools = List.of();
    private volatile long failedAt;
    /** Guarded by {@link #lock}. */
    private String lastFailure;
    private volatile boolean closed;

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
        if (closed || !starting.compareAndSet(false, true)) {
            return;
        }
        try {
            background.execute(this::startNow);
        } catch (RejectedExecutionException e) {
            starting.set(false);
            LOG.debug("MCP server '{}' is not started: the application is stopping", spec.name());
        }
    }

    private void startNow() {
        try {
            ensureUp();
        } catch (McpServerException e) {
            // the warning (once per distinct reason) is start's; this start has no caller to tell
            LOG.debug("MCP server '{}': background start failed: {}", spec.name(), e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the pool is shut down with the application
            LOG.debug("MCP server '{}': background start abandoned, the application is stopping", spec.name());
        } catch (RuntimeException e) {
            // a bug rather than a server's failure: logged here, as the pool's default would print it to stderr
            LOG.error("MCP server '{}' could not be started ({}); tried again on next use", spec.name(),
                    spec.describe(), e);
        } finally {
            starting.set(false);
        }
    }

    boolean isUp() {
        McpSession current = session;
        return current != null && current.isUsable();
    }

    private boolean retryDue() {
        return failedAt == 0 || System.nanoTime() - failedAt > RETRY_AFTER.toNanos();
    }

    /** The session to call: the current one, or a new one if the server is not up. */
    private McpSession ensureUp() throws InterruptedException {
        lockInterruptibly();
        try {
            if (closed) {
                throw new McpServerException("the service is stopping");
            }
            McpSession current = session;
            return current != null && current.isUsable() ? current : start();
        } finally {
            lock.unlock();
        }
    }

    /** With the lock held: closes what is left of the last session, opens a new one within MCP_CONNECT_TIMEOUT. */
    private McpSession start() throws InterruptedException {
        boolean restart = session != null;
        disconnect();
        McpSession opening = new McpSession(spec, childEnvironment, connectTimeout, callTimeout, json,
                changed -> tools = changed);
        try {
            tools = opening.open();
        } catch (McpServerException e) {
            throw failed(e, opening);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // set before the close, so the half-started process is killed at once
            opening.close();
            throw e;
        }
        session = opening;
        failedAt = 0;
        lastFailure = null;
        LOG.info("MCP server '{}' {}: {} tool(s) ({})", spec.name(), restart ? "restarted" : "attached",
                tools.size(), spec.describe());
        return opening;
    }

    private McpServerException failed(McpServerException e, McpSession opening) {
        String reason = e.getMessage() + opening.stderrHint();
        opening.close();
        failedAt = System.nanoTime();
        if (!reason.equals(lastFailure)) {
            LOG.warn("MCP server '{}' is not available: {} ({}); tried again on next use, at most once a minute",
                    spec.name(), reason, spec.describe());
        }
        lastFailure = reason;
        return new McpServerException("the MCP server '" + spec.name() + "' is not available: " + e.getMessage());
    }

    /**
     * Calls one tool. A server that is down is started first; a server that dies or breaks
     * during the call is marked down, so the next call restarts it.
     */
    McpSchema.CallToolResult call(String tool, String argumentsJson) throws InterruptedException {
        McpSession current = ensureUp();
        try {
            return current.call(tool, argumentsJson);
        } catch (McpServerException e) {
            if (e.kind() == McpServerException.Kind.BROKEN && current == session && current.markBroken()) {
                LOG.warn("MCP server '{}' failed during a call{}; it is restarted on next use", spec.name(),
                        current.stderrHint());
            }
            throw e;
        }
    }

    /** Waits for the lock unless the caller is stopped; the interrupt stays visible past the throw. */
    private void lockInterruptibly() throws InterruptedException {
        try {
            lock.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw e;
        }
    }

    /** With the lock held. */
    private void disconnect() {
        McpSession old = session;
        session = null;
        if (old != null) {
            old.close();
        }
    }

    /** Stops the server for good; waits for a start in progress (McpTools interrupts its own starts first). */
    @Override
    public void close() {
        closed = true;
        lock.lock();
        try {
            disconnect();
        } finally {
            lock.unlock();
        }
    }
}
