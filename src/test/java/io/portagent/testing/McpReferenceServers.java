package io.portagent.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The official MCP reference servers from the npm registry (installed into src/test/mcp by the
 * build's mcp-reference-servers profile, with the machine's Node.js): their commands, a
 * streamable HTTP server-everything on a free loopback port, and a look at which of their
 * processes are running, to prove none is left behind.
 */
public final class McpReferenceServers {

    public static final Path DIR = Path.of(System.getProperty("portagent.mcp.servers", "src/test/mcp"))
            .toAbsolutePath();
    public static final Path EVERYTHING = bin("mcp-server-everything");
    public static final Path FILESYSTEM = bin("mcp-server-filesystem");

    private McpReferenceServers() {
    }

    private static Path bin(String name) {
        return DIR.resolve("node_modules/.bin").resolve(name);
    }

    /** Fails with the fix when the servers are not installed. */
    public static void requireInstalled() {
        if (!Files.isExecutable(EVERYTHING) || !Files.isExecutable(FILESYSTEM)) {
            throw new AssertionError("The MCP reference servers are not installed: run `npm ci` in " + DIR
                    + " (the Maven build does it when node_modules is missing)");
        }
    }

    /** The stdio server-everything as an MCP_SERVERS entry. */
    public static String everythingStdioJson(String name) {
        return "\"" + name + "\": {\"command\": \"" + EVERYTHING + "\", \"args\": [\"stdio\"]}";
    }

    /** The processes started from the reference servers' folder that are still running. */
    public static List<ProcessHandle> running() {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().arguments().map(args -> String.join(" ", args).contains(DIR.toString()))
                        .orElse(false))
                .toList();
    }

    /** server-everything speaking streamable HTTP at {@link #url()}; {@link #close()} stops it. */
    public static final class HttpEverything implements AutoCloseable {
        private final Process process;
        private final int port;

        public HttpEverything() {
            requireInstalled();
            port = freePort();
            ProcessBuilder builder = new ProcessBuilder(EVERYTHING.toString(), "streamableHttp");
            builder.environment().put("PORT", String.valueOf(port));
            builder.redirectErrorStream(true);
            try {
                process = builder.start();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            CompletableFuture<Void> listening = new CompletableFuture<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader out = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = out.readLine()) != null) {
                        if (line.contains("listening on port")) {
                            listening.complete(null);
                        }
                    }
                } catch (IOException e) {
                    // stopped
                }
                listening.completeExceptionally(new AssertionError("server-everything exited before listening"));
            }, "http-everything-out");
            reader.setDaemon(true);
            reader.start();
            try {
                listening.get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                close();
                throw new AssertionError("server-everything (streamable HTTP) did not start", e);
            }
        }

        public String url() {
            return "http://127.0.0.1:" + port + "/mcp";
        }

        public long pid() {
            return process.pid();
        }

        @Override
        public void close() {
            process.descendants().forEach(ProcessHandle::destroy);
            process.destroy();
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        private static int freePort() {
            try (ServerSocket socket = new ServerSocket(0)) {
                return socket.getLocalPort();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
