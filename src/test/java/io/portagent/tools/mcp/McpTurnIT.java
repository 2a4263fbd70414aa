package io.portagent.tools.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.testing.AppServer;
import io.portagent.testing.Await;
import io.portagent.testing.Http;
import io.portagent.testing.McpReferenceServers;
import io.portagent.testing.PortagentApp;
import io.portagent.testing.RecordedRequest;
import io.portagent.testing.Script;
import io.portagent.testing.TestUsers.User;
import io.portagent.testing.WsClient;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One turn end to end through the WAR: the fake model asks for an MCP tool of the real
 * server-everything (stdio), the tool's answer is streamed as tool_result and stored, the model
 * answers; the stored history survives a redeploy; stopping the application leaves no server
 * process behind.
 */
class McpTurnIT {

    @RegisterExtension
    static final PortagentApp app = PortagentApp.with(AppServer.builder().set("ENABLE_PROMPTX", "false")
            .set("MCP_SERVERS", "{" + McpReferenceServers.everythingStdioJson("everything")
                    + ", \"ghost\": {\"command\": \"/nonexistent/mcp-server\"}}")
            );

    @BeforeAll
    static void attached() {
        McpReferenceServers.requireInstalled();
        awaitAttached();
    }

    /** /health lists each MCP server; the warm-up attaches everything, the ghost stays down. */
    private static JsonObject awaitAttached() {
        return Await.until("server-everything attached", WsClient.WAIT,
                () -> Http.get(app.uri("health")).json().getJsonObject("mcpServers"),
                servers -> servers.getJsonObject("everything").getBoolean("up"));
    }

    @Test
    void healthShowsWhichServersAreAttachedAndTheirToolCounts() {
        JsonObject servers = awaitAttached();
        assertTrue(servers.getJsonObject("everything").getInt("tools") > 5, servers.toString());
        assertFalse(servers.getJsonObject("ghost").getBoolean("up"), servers.toString());
        assertEquals(0, servers.getJsonObject("ghost").getInt("tools"));
    }

    @Test
    void theModelCallsAnMcpToolAndTheResultIsStreamedStoredAndKept() {
        User alice = app.newUser();
        String imageId;
        try (WsClient ws = app.connect(alice)) {
            imageId = ws.request("image_create", Json.createObjectBuilder().add("name", "MCP"))
                    .getJsonObject("data").getJsonObject("image").getString("imageId");
            ws.request("subscribe", Json.createObjectBuilder().add("imageId", imageId));
            app.model().enqueue(
                    Script.toolUse("toolu_1", "mcp__everything__echo", "{\"message\":", "\"from the model\"}"),
                    Script.text("The server said ", "it back."));
            int before = app.model().requests().size();
            ws.request("message_send", Json.createObjectBuilder().add("imageId", imageId).add("content", "echo it"));
            ws.awaitEvent("conversation_end");

            JsonObject result = ws.events().stream().filter(e -> e.getString("type").equals("tool_result"))
                    .findFirst().orElseThrow().getJsonObject("data");
            assertEquals("mcp__everything__echo", result.getString("toolName"));
            assertEquals("Echo: from the model", result.getString("result"));
            assertFalse(result.getBoolean("isError"));

            List<RecordedRequest> requests = app.model().requests().subList(before, app.model().requests().size());
            assertEquals(2, requests.size());
            JsonArray offered = requests.get(0).bodyJson().getJsonArray("tools");
            assertTrue(offered.stream().map(JsonValue::asJsonObject)
                    .anyMatch(t -> t.getString("name").equals("mcp__everything__echo")), offered.toString());
            assertTrue(offered.stream().map(JsonValue::asJsonObject)
                    .anyMatch(t -> t.getString("name").equals("read_file")), "built-in tools stay offered");
            String second = requests.get(1).bodyJson().toString();
            assertTrue(second.contains("Echo: from the model"), "the tool result goes back to the model: " + second);
        }

        app.redeploy();
        try (WsClient ws = app.connect(alice)) {
            JsonArray messages = ws.request("image_messages", Json.createObjectBuilder().add("imageId", imageId))
                    .getJsonObject("data").getJsonArray("messages");
            String stored = messages.toString();
            assertTrue(stored.contains("Echo: from the model"), "tool result kept across the restart: " + stored);
            assertEquals("The server said it back.",
                    messages.getJsonObject(messages.size() - 1).getString("content"));
        }
        awaitAttached();
    }

    @Test
    void aToolOfAServerThatIsDownIsAnErrorCardAndTheTurnGoesOn() {
        User bob = app.newUser();
        try (WsClient ws = app.connect(bob)) {
            String imageId = ws.request("image_create", Json.createObjectBuilder().add("name", "Ghost"))
                    .getJsonObject("data").getJsonObject("image").getString("imageId");
            ws.request("subscribe", Json.createObjectBuilder().add("imageId", imageId));
            app.model().enqueue(Script.toolUse("toolu_2", "mcp__ghost__anything", "{}"),
                    Script.text("That tool is unavailable."));
            ws.request("message_send", Json.createObjectBuilder().add("imageId", imageId).add("content", "try"));
            ws.awaitEvent("conversation_end");
            JsonObject result = ws.events().stream().filter(e -> e.getString("type").equals("tool_result"))
                    .findFirst().orElseThrow().getJsonObject("data");
            assertTrue(result.getBoolean("isError"));
            assertTrue(result.getString("result").contains("Unknown tool") || result.getString("result")
                    .contains("not available"), result.toString());
            assertTrue(ws.events().stream().noneMatch(e -> e.getString("type").equals("error")), ws.events().toString());
        }
    }

    @Test
    void stoppingTheApplicationStopsItsMcpServers() {
        awaitAttached();
        assertFalse(McpReferenceServers.running().isEmpty(), "server-everything runs while the app does");
        app.stop();
        assertEquals(List.of(), McpReferenceServers.running(), "no MCP server outlives the application");
        app.start();
        awaitAttached();
    }
}
