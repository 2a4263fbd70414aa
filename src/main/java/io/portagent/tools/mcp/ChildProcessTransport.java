package io.portagent.tools.mcp;

import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.json.TypeRef;
import io.modelcontextprotocol.spec.McpClientTransport;
import io.modelcontextprotocol.spec.McpSchema;
import io.modelcontextprotocol.spec.McpSchema.JSONRPCMessage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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
    private static final int STDERR_LINES = 20;
    private static final long GRACE_MILLIS = 2_000;

    private final McpServerSpec spec;
    private final Map<String, String> environment;
    private final McpJsonMapper json;
    private final CompletableFuture<Integer> exited = new CompletableFuture<>();
    /** Requests waiting for an answer; failed at once if the process exits. */
    private final java.util.Set<CompletableFuture<?>> pending = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Deque<String> stderr = new ArrayDeque<>();
    private volatile Process process;
    private volatile boolean closing;
    private volatile String startFailure;

    ChildProcessTransport(McpServerSpec spec, Map<String, String> environment, McpJsonMapper json) {
        this.spec = spec;
        this.environment = Map.copyOf(environment);
        this.json = json;
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
                if (line.isBlank()) {
                    continue;
                }
                JSONRPCMessage message;
                try {
                    message = McpSchema.deserializeJsonRpcMessage(json, line);
                } catch (IOException | RuntimeException e) {
                    LOG.debug("MCP server '{}' wrote a line that is not JSON-RPC; ignored", spec.name());
                    continue;
                }
                handler.apply(Mono.just(message)).subscribe(reply -> { }, e ->
                        LOG.debug("MCP server '{}': message not handled: {}", spec.name(), e.toString()));
            }
        } catch (IOException e) {
            // the pipe closed: the process is gone or being stopped
        }
    }

    private void readErrors(InputStream in) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                LOG.debug("MCP server '{}' stderr: {}", spec.name(), line);
                synchronized (stderr) {
                    stderr.addLast(line);
                    if (stderr.size() > STDERR_LINES) {
                        stderr.removeFirst();
                    }
                }
            }
        } catch (IOException e) {
            // closed with the process
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
            if (exitedWithin(running, 500)) {
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
    String exitReason() {
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
        synchronized (stderr) {
            return String.join(" | ", stderr);
        }
    }

    boolean isClosing() {
        return closing;
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
     * Closes stdin (the protocol's polite way to stop), then terminates the process and every
     * process it started, then kills what is left. The descendants are listed first: once the
     * parent is gone they are no longer ours to find.
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
        List<ProcessHandle> tree = new ArrayList<>(running.descendants().toList());
        tree.add(running.toHandle());
        try {
            running.getOutputStream().close();
        } catch (IOException e) {
            // already closed
        }
        try {
            running.waitFor(GRACE_MILLIS / 4, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroy);
        long deadline = System.currentTimeMillis() + GRACE_MILLIS;
        for (ProcessHandle handle : tree) {
            long left = deadline - System.currentTimeMillis();
            if (left > 0) {
                try {
                    // a timed get, not completeOnTimeout: that starts a JDK-wide thread in our class loader
                    handle.onExit().get(left, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
                    break;
                }
            }
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
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
