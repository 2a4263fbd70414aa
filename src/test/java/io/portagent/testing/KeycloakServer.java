package io.portagent.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Keycloak from its distribution zip (unpacked by the build's keycloak profile into
 * {@code target/keycloak}), started in development mode on free loopback ports with one realm
 * imported from JSON. It needs Java 21 or later: {@code KEYCLOAK_JAVA_HOME}, else the newest JDK
 * under /usr/lib/jvm that is one.
 */
public final class KeycloakServer implements AutoCloseable {

    private final Path home;
    private final int port;
    private Process process;

    private KeycloakServer(Path home, int port) {
        this.home = home;
        this.port = port;
    }

    public static KeycloakServer reserve() {
        Path home = Path.of(System.getProperty("keycloak.home", "target/keycloak/none")).toAbsolutePath();
        return new KeycloakServer(home, freePort());
    }

    public String issuer(String realm) {
        return "http://127.0.0.1:" + port + "/realms/" + realm;
    }

    /** Imports {@code realmJson} and starts; returns once the realm's discovery document answers. */
    public void start(String realm, String realmJson) {
        try {
            Path imports = Files.createDirectories(home.resolve("data/import"));
            Files.writeString(imports.resolve(realm + "-realm.json"), realmJson, StandardCharsets.UTF_8);
            ProcessBuilder builder = new ProcessBuilder(home.resolve("bin/kc.sh").toString(), "start-dev",
                    "--http-host=127.0.0.1", "--http-port=" + port, "--http-management-port=" + freePort(),
                    "--import-realm").redirectErrorStream(true).redirectOutput(home.resolve("keycloak.log").toFile());
            builder.environment().put("JAVA_HOME", javaHome().toString());
            builder.environment().remove("JAVA_TOOL_OPTIONS");
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        URI discovery = URI.create(issuer(realm) + "/.well-known/openid-configuration");
        Await.until("Keycloak to serve " + discovery + " (see " + home.resolve("keycloak.log") + ")",
                Duration.ofMinutes(5), () -> answers(discovery), up -> up || !process.isAlive());
        if (!process.isAlive()) {
            throw new AssertionError("Keycloak ended at start-up; see " + home.resolve("keycloak.log"));
        }
    }

    private static boolean answers(URI uri) {
        try {
            HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
            connection.setConnectTimeout(1000);
            connection.setReadTimeout(5000);
            return connection.getResponseCode() == 200;
        } catch (IOException e) {
            return false;
        }
    }

    private static Path javaHome() {
        Optional<Path> configured = Optional.ofNullable(System.getenv("KEYCLOAK_JAVA_HOME")).map(Path::of);
        if (configured.isPresent()) {
            return configured.get();
        }
        try (Stream<Path> jdks = Files.list(Path.of("/usr/lib/jvm"))) {
            return jdks.filter(p -> Files.isExecutable(p.resolve("bin/java")) && feature(p) >= 21)
                    .max(Comparator.comparingInt(KeycloakServer::feature)).orElseThrow(() -> new AssertionError(
                            "Keycloak needs Java 21 or later: install one under /usr/lib/jvm or set KEYCLOAK_JAVA_HOME"));
        } catch (IOException e) {
            throw new AssertionError("Keycloak needs Java 21 or later: set KEYCLOAK_JAVA_HOME", e);
        }
    }

    /** The Java feature version of a JDK, from its {@code release} file (0 when unknown). */
    private static int feature(Path jdk) {
        try {
            return Files.readAllLines(jdk.resolve("release")).stream().filter(l -> l.startsWith("JAVA_VERSION="))
                    .map(l -> l.replaceAll("JAVA_VERSION=\"?(\\d+).*", "$1")).mapToInt(Integer::parseInt).findFirst()
                    .orElse(0);
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        if (process == null) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** The users and groups a test realm is made of, as Keycloak's import JSON. */
    public static String realm(String name, String clientId, String secret, List<URI> redirects, List<URI> postLogout,
            String usersJson, String groupsJson) {
        String quoted = String.join(",", redirects.stream().map(u -> "\"" + u + "\"").toList());
        String logout = String.join("##", postLogout.stream().map(URI::toString).toList());
        return """
                {"realm": "%s", "enabled": true, "groups": %s, "users": %s,
                 "clients": [{"clientId": "%s", "enabled": true, "publicClient": false, "secret": "%s",
                   "standardFlowEnabled": true, "directAccessGrantsEnabled": false, "redirectUris": [%s],
                   "attributes": {"post.logout.redirect.uris": "%s", "pkce.code.challenge.method": "S256"},
                   "protocolMappers": [{"name": "groups", "protocol": "openid-connect",
                     "protocolMapper": "oidc-group-membership-mapper",
                     "config": {"claim.name": "groups", "full.path": "true", "id.token.claim": "true",
                       "access.token.claim": "true", "userinfo.token.claim": "true"}}]}]}
                """.formatted(name, groupsJson, usersJson, clientId, secret, quoted, logout);
    }
}
