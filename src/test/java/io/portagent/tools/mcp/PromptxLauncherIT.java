package io.portagent.tools.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.testing.Await;
import io.portagent.testing.Http;
import io.portagent.testing.LauncherProcess;
import io.portagent.testing.McpReferenceServers;
import jakarta.json.JsonObject;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ENABLE_PROMPTX as an operator meets it with {@code java -jar}: a {@code promptx} command on the
 * PATH is attached by default (here a stand-in that starts server-everything for
 * {@code promptx mcp-server}); without one, a single warning and a healthy service. Stopping the
 * launcher stops the server.
 */
class PromptxLauncherIT {

    private static final Duration START = Duration.ofSeconds(60);

    @BeforeAll
    static void installed() {
        McpReferenceServers.requireInstalled();
    }

    private static Map<String, String> env(Path dir, String path) {
        return Map.of("LLM_PROVIDER_KEY", "sk-ant-api03-promptx-test-key", "AGENTX_DIR", dir.resolve("data").toString(),
                "PATH", path);
    }

    private static JsonObject awaitServers(URI base, String name) {
        return Await.until(name + " attached", START,
                () -> Http.get(base.resolve("/health")).json().getJsonObject("mcpServers"),
                servers -> servers.containsKey(name) && servers.getJsonObject(name).getBoolean("up"));
    }

    @Test
    void aPromptxCommandOnThePathIsAttachedByDefault(@TempDir Path dir) throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Path promptx = bin.resolve("promptx");
        Files.writeString(promptx, "#!/bin/sh\n[ \"$1\" = mcp-server ] || exit 2\nexec "
                + McpReferenceServers.EVERYTHING + " stdio\n");
        Files.setPosixFilePermissions(promptx, PosixFilePermissions.fromString("rwxr-xr-x"));
        try (LauncherProcess launcher = LauncherProcess.start(dir, env(dir, bin + ":" + System.getenv("PATH")),
                "--port", "0")) {
            URI base = launcher.awaitListening(START);
            JsonObject servers = awaitServers(base, "promptx");
            assertTrue(servers.getJsonObject("promptx").getInt("tools") > 5, servers.toString());
            assertTrue(launcher.stdout().contains("MCP servers:    promptx (stdio)"), launcher.stdout());
            assertTrue(launcher.stdout().contains("MCP server 'promptx' attached: "), launcher.stdout());
            assertEquals(1, McpReferenceServers.running().size());
            assertEquals(143, launcher.terminate(Duration.ofSeconds(30)), "SIGTERM, after the shutdown hooks ran");
        }
        assertEquals(List.of(), McpReferenceServers.running(), "the server stops with the launcher");
    }

    /** The warning comes once, on the first start of a data directory, with how to turn PromptX off; not on every start. */
    @Test
    void withoutPromptxOneWarningAndAHealthyService(@TempDir Path dir) throws Exception {
        try (LauncherProcess launcher = LauncherProcess.start(dir, env(dir, "/usr/local/bin:/usr/bin:/bin"),
                "--port", "0")) {
            URI base = launcher.awaitListening(START);
            Http.Reply health = Http.get(base.resolve("/health"));
            assertEquals(200, health.status());
            assertEquals(0, health.json().getJsonObject("mcpServers").size());
            String warning = "ENABLE_PROMPTX is on but there is no 'promptx' command on the PATH";
            String out = launcher.stdout();
            assertEquals(out.indexOf(warning), out.lastIndexOf(warning), "one warning: " + out);
            assertTrue(out.contains(warning), out);
            assertTrue(out.contains("or set ENABLE_PROMPTX=false to turn it off"), out);
            assertEquals(143, launcher.terminate(Duration.ofSeconds(30)), "SIGTERM, after the shutdown hooks ran");
        }
        try (LauncherProcess again = LauncherProcess.start(dir, env(dir, "/usr/local/bin:/usr/bin:/bin"),
                "--port", "0")) {
            again.awaitListening(START);
            assertFalse(again.stdout().contains("no 'promptx' command"), "said once: " + again.stdout());
            assertEquals(143, again.terminate(Duration.ofSeconds(30)));
        }
    }

    @Test
    void aMistakeInMcpServersStopsTheStartWithTheServersName(@TempDir Path dir) throws Exception {
        Map<String, String> env = new java.util.HashMap<>(env(dir, "/usr/local/bin:/usr/bin:/bin"));
        env.put("MCP_SERVERS", "{\"tickets\": {\"type\": \"sse\", \"url\": \"http://127.0.0.1:9/sse\"}}");
        try (LauncherProcess launcher = LauncherProcess.start(dir, env, "--port", "0")) {
            assertEquals(1, launcher.awaitExit(START));
            assertTrue(launcher.stderr().startsWith("Error: MCP_SERVERS: server 'tickets' uses the old SSE transport"),
                    launcher.stderr());
        }
    }
}
