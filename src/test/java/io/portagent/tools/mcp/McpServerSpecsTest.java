package io.portagent.tools.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.config.Settings;
import io.portagent.config.StartupException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MCP_SERVERS as operators write it, the mistakes they make, and when PromptX is added. */
class McpServerSpecsTest {

    @Test
    void readsStdioAndHttpServersInline() {
        List<McpServerSpec> specs = McpServerSpecs.parse("""
                {"fs": {"command": "npx", "args": ["-y", "server-filesystem", "/srv"], "env": {"DEBUG": "1"}},
                 "web": {"url": "https://mcp.example.com/mcp?tenant=a", "headers": {"Authorization": "Bearer t"}}}
                """);
        assertEquals(List.of(
                McpServerSpec.stdio("fs", "npx", List.of("-y", "server-filesystem", "/srv"), Map.of("DEBUG", "1")),
                McpServerSpec.http("web", URI.create("https://mcp.example.com/mcp?tenant=a"),
                        Map.of("Authorization", "Bearer t"))), specs);
        assertEquals("stdio: npx -y server-filesystem /srv", specs.get(0).describe());
        assertEquals("http: https://mcp.example.com/mcp", specs.get(1).describe(), "no query, no headers");
    }

    @Test
    void readsAFileAndTheMcpServersWrapper(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("mcp.json");
        Files.writeString(file, "{\"mcpServers\": {\"a\": {\"command\": \"a-server\"}, \"b\": {\"command\": \"b\","
                + " \"disabled\": true}}}");
        assertEquals(List.of(McpServerSpec.stdio("a", "a-server", List.of(), Map.of())),
                McpServerSpecs.parse(file.toString()));
    }

    @Test
    void everyMistakeIsNamedAtOnce() {
        StartupException e = assertThrows(StartupException.class, () -> McpServerSpecs.parse("""
                {"bad name": {"command": "x"},
                 "both": {"command": "x", "url": "http://h/mcp"},
                 "neither": {},
                 "old": {"type": "sse", "url": "http://h/sse"},
                 "args": {"command": "x", "args": "--flag"},
                 "env": {"command": "x", "env": {"N": 1}},
                 "ftp": {"url": "ftp://h/mcp"},
                 "ok": {"command": "x"}}
                """));
        String message = e.getMessage();
        for (String name : List.of("'bad name' has a name", "'both' needs exactly one", "'neither' needs exactly one",
                "'old' uses the old SSE transport", "'args' needs \"args\" to be an array of strings",
                "'env' needs \"env\" to be an object of strings", "'ftp' has \"url\" 'ftp://h/mcp'")) {
            assertTrue(message.contains(name), name + " in: " + message);
        }
        assertTrue(!message.contains("'ok'"), message);
    }

    @Test
    void notJsonAndUnreadableFilesAreOneSentenceEach(@TempDir Path dir) {
        StartupException notJson = assertThrows(StartupException.class, () -> McpServerSpecs.parse("{\"a\": "));
        assertTrue(notJson.getMessage().startsWith("MCP_SERVERS is not a JSON object"), notJson.getMessage());
        StartupException missing = assertThrows(StartupException.class,
                () -> McpServerSpecs.parse(dir.resolve("nope.json").toString()));
        assertTrue(missing.getMessage().contains("nope.json', which cannot be read"), missing.getMessage());
    }

    @Test
    void promptxIsAddedOnlyWhenEnabledAndInstalled(@TempDir Path dir) throws Exception {
        Settings.Mcp enabled = new Settings.Mcp(Optional.empty(), true, Duration.ofSeconds(30));
        McpServerSpecs.Resolved none = McpServerSpecs.resolve(enabled, dir.toString());
        assertEquals(List.of(), none.servers());
        assertEquals(1, none.warnings().size());
        assertTrue(none.warnings().get(0).contains("no 'promptx' command on the PATH"), none.warnings().get(0));

        Path promptx = Files.createFile(dir.resolve("promptx"),
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
        McpServerSpecs.Resolved found = McpServerSpecs.resolve(enabled, "/nonexistent:" + dir);
        assertEquals(List.of(McpServerSpec.stdio("promptx", promptx.toString(), List.of("mcp-server"), Map.of())),
                found.servers());
        assertEquals(List.of(), found.warnings());

        Settings.Mcp disabled = new Settings.Mcp(Optional.empty(), false, Duration.ofSeconds(30));
        assertEquals(new McpServerSpecs.Resolved(List.of(), List.of()), McpServerSpecs.resolve(disabled, dir.toString()));

        Settings.Mcp own = new Settings.Mcp(Optional.of("{\"promptx\": {\"command\": \"/opt/promptx/bin/promptx\"}}"),
                true, Duration.ofSeconds(30));
        assertEquals(List.of(McpServerSpec.stdio("promptx", "/opt/promptx/bin/promptx", List.of(), Map.of())),
                McpServerSpecs.resolve(own, dir.toString()).servers(), "the operator's own entry wins");
    }

    @Test
    void toolNamesTheModelCannotTakeAreMadeSafe() {
        assertEquals("mcp__fs__read_file", McpTools.modelName("fs", "read_file"));
        assertEquals("mcp__fs__files_read", McpTools.modelName("fs", "files.read"));
    }
}
