package io.portagent.tools.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCMessage;
import io.portagent.tools.ProcessTree;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * The stdio transport: one child process speaking newline-delimited JSON-RPC on stdin/stdout.
 * Ours rather than the SDK's because we must control what the child inherits (a minimal
 * environment, never the provider key or the JWT secret) and stop the whole process tree: a
 * launcher such as {@code npx} leaves its node child running when only it is terminated.
 * stderr is kept (last lines) for the operator log when the server fails.
 */
final class ChildProcessTransport implements McpClientTransport {

    private static final Logger LOG = LoggerFactory.getLogger(ChildProcessTransport.class);
    /** How long a server may take to exit after its stdin closes, then after SIGTERM, before it is killed. */
    private static final Duration CLOSE_WAIT = Duration.ofMillis(500);
    private static final Duration TERMINATE_GRACE = Duration.ofSeconds(2);
    /** How long a closed pipe may take to show up as the process's exit. */
    private static final long EXIT_WAIT_MILLIS = 500;

    private final McpServerSpec spec;
    private final Map<String, String> environment;
    private final McpJsonMapper json;
    private final CompletableFuture<Integer> exited = new CompletableFuture<>();
    /** Requests waiting for an answer; failed at once if the process exits. */
    private final Set<CompletableFuture<?>> pending = ConcurrentHashMap.newKeySet();
    private final StderrTail stderr;
    private volatile Process process;
    private volatile boolean closing;
    private volatile String startFailure;
    /** Read and written by the stdout reader thread only. */
    private boolean warnedNotJsonRpc;

    ChildProcessTransport(McpServerSpec spec, Map<String, String> environment, McpJsonMapper json) {
        this.spec = spec;
        this.environment = Map.copyOf(environment);
        this.json = json;
        this.stderr = new StderrTail(spec.name());
    }

    /** Starts the process on the subscribing thread, so it runs before the client's first message is sent. */
    @Override
    public Mono<Void> connect(Function<Mono<JSONRPCMessage>, Mono<JSONRPCMessage>> handler) {
        return Mono.fromRunnable(() -> start(handler));
    }

    private synchronized void start(Function<Mono<JSONRPCMessage>, Mono<JSONRPCMessage>> handler) {
        if (closing || process != null) {
            return;
        }
        List<String> command = new ArrayList<>();
        command.add(spec.command());
        command.addAll(spec.args());
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().clear();
        builder.environment().putAll(environment);
        try {
            process = builder.start();
        } catch (IOException e) {
            startFailure = "could not start '" + spec.command() + "': " + e.getMessage();
            exited.complete(-1);
            throw new McpServerException(startFailure);
        }
        daemon("mcp-" + spec.name() + "-out", () -> readMessages(process.getInputStream(), handler));
        daemon("mcp-" + spec.name() + "-err", () -> readErrors(process.getErrorStream()));
        process.onExit().thenAccept(p -> {
            exited.complete(p.exitValue());
            pending.forEach(request -> request.completeExceptionally(new McpServerException(exitReason())));
        });
    }

    private void readMessages(InputStream in, Function<Mono<JSONRPCMessage>, Mono<JSONRPCMessage>> handler) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                if (!line.isBlank()) {
                    handle(line, handler);
                }
            }
            outputEnded("closed its stdout", null);
        } catch (IOException e) {
            outputEnded("could not be read from", e);
        }
    }

    private void handle(String line, Function<Mono<JSONRPCMessage>, Mono<JSONRPCMessage>> handler) {
        JSONRPCMessage message;
        try {
            message = McpSchema.deserializeJsonRpcMessage(json, line);
        } catch (IOException | RuntimeException e) {
            notJsonRpc(line);
            return;
        }
        handler.apply(Mono.just(message)).subscribe(reply -> { },
                e -> unlessStopping("a message from it could not be handled", e));
    }

    /** Skipped, so a stray banner does not break the server; said once a process, as its answers may be lost. */
    private void notJsonRpc(String line) {
        String shown = line.length() > 200 ? line.substring(0, 200) + "..." : line;
        if (warnedNotJsonRpc) {
            LOG.debug("MCP server '{}' wrote a line that is not JSON-RPC; skipped: {}", spec.name(), shown);
            return;
        }
        warnedNotJsonRpc = true;
        LOG.warn("MCP server '{}' wrote a line to stdout that is not JSON-RPC; it is skipped (a stdio server must"
                + " write only protocol messages there, and its logs to stderr): {}", spec.name(), shown);
    }

    /** Without its stdout the server cannot answer: unless it is exiting anyway, it is stopped, so the next call restarts it. */
    private void outputEnded(String what, IOException e) {
        Process running = process;
        if (!closing && !exitedWithin(running, EXIT_WAIT_MILLIS)) {
            unlessStopping(what + " while it still runs; it is stopped and started again on next use", e);
            stop();
        }
    }

    private void readErrors(InputStream in) {
        try {
            stderr.read(in);
        } catch (IOException e) {
            unlessStopping("its stderr could not be read, so failures are logged without its last lines", e);
        }
    }

    /** A warning, unless the process is being stopped or has exited: then the failure is expected. */
    private void unlessStopping(String what, Throwable e) {
        Process running = process;
        if (closing || running == null || !running.isAlive()) {
            LOG.debug("MCP server '{}' (exiting): {}{}", spec.name(), what, e == null ? "" : ": " + e);
        } else {
            LOG.warn("MCP server '{}': {}{}", spec.name(), what, e == null ? "" : " (" + e + ")");
        }
    }

    @Override
    public Mono<Void> sendMessage(JSONRPCMessage message) {
        return Mono.<Void>fromRunnable(() -> write(message)).subscribeOn(Schedulers.boundedElastic());
    }

    private void write(JSONRPCMessage message) {
        Process running = process;
        if (running == null) {
            throw new McpServerException("the server process is not running");
        }
        if (!running.isAlive()) {
            throw new McpServerException("the server process exited with code " + running.exitValue());
        }
        try {
            // JSON text has no raw line breaks inside strings, so one message is one line
            byte[] line = (json.writeValueAsString(message) + "\n").getBytes(StandardCharsets.UTF_8);
            OutputStream stdin = running.getOutputStream();
            synchronized (stdin) {
                stdin.write(line);
                stdin.flush();
            }
        } catch (IOException e) {
            // a broken pipe usually means the process has just exited: say so, with its code
            if (exitedWithin(running, EXIT_WAIT_MILLIS)) {
                throw new McpServerException("the server process exited with code " + running.exitValue());
            }
            throw new McpServerException("could not write to the server process: " + e.getMessage());
        }
    }

    /** Fails the request as soon as the process exits (or at once if it has), instead of at its timeout. */
    <T> CompletableFuture<T> failOnExit(CompletableFuture<T> request) {
        pending.add(request);
        request.whenComplete((result, failure) -> pending.remove(request));
        if (exited.isDone()) {
            request.completeExceptionally(new McpServerException(exitReason()));
        }
        return request;
    }

    private static boolean exitedWithin(Process process, long millis) {
        try {
            return process.waitFor(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !process.isAlive();
        }
    }

    /** Why the process is gone: it could not start, or it exited with a code. */
    private String exitReason() {
        if (startFailure != null) {
            return startFailure;
        }
        Integer code = exited.getNow(null);
        return code == null ? "the server process is not running" : "the server process exited with code " + code;
    }

    boolean isAlive() {
        Process running = process;
        return running != null && running.isAlive() && !closing;
    }

    /** The last lines the server wrote to stderr, for the operator log. */
    String lastErrors() {
        return stderr.lines();
    }

    @Override
    public Mono<Void> closeGracefully() {
        return Mono.<Void>fromRunnable(this::stop).subscribeOn(Schedulers.boundedElastic());
    }

    @Override
    public void close() {
        stop();
    }

    /**
     * The protocol's polite way to stop: stdin is closed and the server may exit on its own. Then
     * SIGTERM to it and everything it started (a launcher such as npx leaves its node child
     * running otherwise), and SIGKILL for what is left after the grace.
     */
    void stop() {
        Process running;
        synchronized (this) {
            closing = true;
            running = process;
        }
        if (running == null) {
            return;
        }
        ProcessTree tree = ProcessTree.of(running.toHandle());
        closeStdin(running);
        exitedWithin(running, CLOSE_WAIT.toMillis());
        if (!tree.stop(TERMINATE_GRACE) && !Thread.currentThread().isInterrupted()) {
            LOG.info("MCP server '{}' (or a process it started) did not end within {} ms of SIGTERM and was killed",
                    spec.name(), TERMINATE_GRACE.toMillis());
        }
    }

    private void closeStdin(Process running) {
        try {
            running.getOutputStream().close();
        } catch (IOException e) {
            // the tree is terminated next either way; the reason is only of interest when debugging
            LOG.debug("MCP server '{}': closing its stdin: {}", spec.name(), e.toString());
        }
    }

    @Override
    public <T> T unmarshalFrom(Object data, TypeRef<T> type) {
        return json.convertValue(data, type);
    }

    @Override
    public void setExceptionHandler(Consumer<Throwable> handler) {
        // failures surface through failOnExit and the calls' own errors
    }

    private static void daemon(String name, Runnable task) {
        Thread thread = new Thread(task, name);
        thread.setDaemon(true);
        thread.start();
    }
}
