package io.portagent.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.testing.AppServer;
import io.portagent.testing.Http;
import io.portagent.testing.PortagentApp;
import io.portagent.testing.Sqlite3;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The running WAR answers /health, logs each request without its query string, and never serves its launcher. */
class HealthIT {

    @RegisterExtension
    static final PortagentApp app = PortagentApp.withDefaults();

    @Test
    void healthAnswersOkWithATimestamp() {
        long before = System.currentTimeMillis();
        Http.Reply reply = Http.get(app.uri("health"));
        assertEquals(200, reply.status());
        assertEquals("application/json;charset=UTF-8", reply.header("content-type"));
        JsonObject json = reply.json();
        assertEquals("ok", json.getString("status"));
        assertTrue(json.getJsonNumber("timestamp").longValue() >= before);
        assertFalse(json.containsKey("reason"));
    }

    @Test
    void eachRequestIsLoggedWithMethodPathStatusAndTimeButNotTheQuery() throws Exception {
        Http.get(app.uri("health?token=very-secret-token"));
        Path log = app.dataDir().resolve("logs/portagent.log");
        String text = Files.readString(log);
        assertTrue(text.matches("(?s).*io\\.portagent\\.access - GET /health 200 \\d+ms.*"), text);
        assertFalse(text.contains("very-secret-token"));
        assertFalse(text.contains(AppServer.TEST_API_KEY));
    }

    @Test
    void theStartUpSummaryIsLoggedWithTheKeyMasked() throws Exception {
        String text = Files.readString(app.dataDir().resolve("logs/portagent.log"));
        assertTrue(text.contains("API key:        sk-ant-test-012...  (context init-param)"), text);
        assertTrue(text.contains("Users DB:       " + app.dataDir().resolve("data/portagent.db")), text);
        assertTrue(text.contains("Invite code:    disabled"), text);
        assertFalse(text.contains(AppServer.TEST_API_KEY));
    }

    @Test
    void jaxRsResourcesGetTheirSettingsThroughCdi() {
        Http.Reply reply = Http.get(app.uri("api/auth/config"));
        assertEquals(200, reply.status());
        assertFalse(reply.json().getBoolean("inviteCodeRequired"));
    }

    @Test
    void unknownApiPathsAnswerAJsonError() {
        Http.Reply reply = Http.get(app.uri("api/no-such-thing"));
        assertEquals(404, reply.status());
        assertEquals("Not Found", reply.json().getString("error"));
    }

    @Test
    void theLauncherInsideTheWarIsNeverServed() {
        assertEquals(403, Http.get(app.uri("io/portagent/launcher/Main.class")).status());
        assertEquals(403, Http.get(app.uri("io/portagent/config/Settings.class")).status());
        assertEquals(404, Http.get(app.uri("WEB-INF/lib-launcher/tomcat-embed-core-11.0.27.jar")).status());
    }

    @Test
    void theSeedDocumentsSqliteCommandsWorkOnTheCreatedFiles() {
        Path users = app.dataDir().resolve("data/portagent.db");
        Path agents = app.dataDir().resolve("data/agentx.db");
        assertEquals(List.of("api_keys", "audit_log", "group_members", "group_models", "invites", "login_failures",
                "portagent_schema_history", "revoked_tokens", "settings", "shared_secrets", "user_groups",
                "user_identities", "user_roles", "user_state", "users", "ws_tickets"),
                Arrays.stream(Sqlite3.run(users, ".tables").split("\\s+")).sorted().toList());
        assertEquals("", Sqlite3.run(users,
                "SELECT username FROM users WHERE username = 'targetuser';"));
        assertEquals("ok", Sqlite3.run(users, "PRAGMA integrity_check;"));
        assertEquals("userId|TEXT|0|1\nusername|TEXT|1|0\nemail|TEXT|1|0\npasswordHash|TEXT|1|0\n"
                        + "containerId|TEXT|1|0\ndisplayName|TEXT|0|0\navatar|TEXT|0|0\nisActive|INTEGER|1|0\n"
                        + "createdAt|INTEGER|1|0\nupdatedAt|INTEGER|1|0",
                Sqlite3.run(users,
                        "SELECT name, type, \"notnull\", pk FROM pragma_table_info('users');"));
        assertEquals("idx_users_containerId\nidx_users_email\nidx_users_username",
                Sqlite3.run(users,
                        "SELECT name FROM sqlite_master WHERE type = 'index' AND name LIKE 'idx_users_%' ORDER BY name;"));
        // message_search*: the FTS5 index of message text and its shadow tables (migration 8)
        assertEquals(List.of("agentx_schema_history", "attachments", "containers", "images", "message_search",
                "message_search_config", "message_search_content", "message_search_data", "message_search_docsize",
                "message_search_idx", "message_search_rows", "messages", "nodes", "sessions", "token_usage",
                "turn_events", "turns"),
                Arrays.stream(Sqlite3.run(agents, ".tables").strip().split("\\s+")).sorted().toList(),
                "the seed's .tables, in whatever columns sqlite3 prints them");
        assertEquals("", Sqlite3.run(agents,
                "DELETE FROM messages WHERE timestamp < strftime('%s', 'now', '-30 days') * 1000;"));
        assertEquals("wal", Sqlite3.run(agents, "PRAGMA journal_mode;"));
    }
}
