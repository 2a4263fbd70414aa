package io.portagent.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real OpenID provider on a loopback port: the oidc-provider library from the npm registry
 * (installed into src/test/oidc-provider by the build's oidc-provider profile), run by that
 * folder's {@code provider.mjs} with one confidential client. The port is chosen first, so the
 * app can be configured with the issuer before the provider, which needs the app's redirect
 * URIs, starts.
 */
public final class OidcTestProvider implements AutoCloseable {

    public static final Path DIR = Path.of(System.getProperty("portagent.oidc.provider", "src/test/oidc-provider"))
            .toAbsolutePath();
    public static final String CLIENT_ID = "portagent";
    public static final String CLIENT_SECRET = "oidc-client-secret-7Qx";

    private final int port;
    private Process node;

    private OidcTestProvider(int port) {
        this.port = port;
    }

    /** A provider-to-be on a free port. */
    public static OidcTestProvider reserve() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return new OidcTestProvider(socket.getLocalPort());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String issuer() {
        return "http://127.0.0.1:" + port;
    }

    /** Starts it with the client's registered callbacks and post-logout addresses; returns once it listens. */
    public void start(List<URI> redirectUris, List<URI> postLogoutUris) {
        if (!Files.isDirectory(DIR.resolve("node_modules/oidc-provider"))) {
            throw new AssertionError("oidc-provider is not installed: run `npm ci` in " + DIR
                    + " (the Maven build does it when node_modules is missing)");
        }
        try {
            node = new ProcessBuilder("node", DIR.resolve("provider.mjs").toString(), String.valueOf(port), CLIENT_ID,
                    CLIENT_SECRET, join(redirectUris), join(postLogoutUris)).directory(DIR.toFile())
                    .redirectErrorStream(true).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(node.getInputStream(), StandardCharsets.UTF_8));
            CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> {
                try {
                    StringBuilder seen = new StringBuilder();
                    for (String line = out.readLine(); line != null; line = out.readLine()) {
                        if (line.startsWith("listening ")) {
                            // keep draining, so the provider never blocks on a full pipe
                            Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "oidc-provider-output");
                            drain.setDaemon(true);
                            drain.start();
                            return line;
                        }
                        seen.append(line).append('\n');
                    }
                    throw new IllegalStateException("the OIDC provider exited:\n" + seen);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            ready.get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            close();
            throw new AssertionError("the OIDC provider did not start: " + e.getMessage(), e);
        }
    }

    private static String join(List<URI> uris) {
        return uris.stream().map(URI::toString).collect(Collectors.joining(","));
    }

    /** Stops it (its sessions and codes are in memory: a restart forgets them). */
    @Override
    public void close() {
        if (node != null) {
            node.destroy();
            try {
                if (!node.waitFor(10, TimeUnit.SECONDS)) {
                    node.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
