package io.portagent.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.auth.AdminApi.Account;
import io.portagent.testing.AppServer;
import io.portagent.testing.PortagentApp;
import io.portagent.testing.Script;
import io.portagent.testing.Sqlite3;
import io.portagent.testing.WsClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An account's life through the admin API, over real HTTP and sockets, on real SQLite files: a
 * disabled account's socket closes and its old tokens stay dead after re-enabling (also when
 * sqlite3 does it), a role change signs out, the last admin stays, a forced password change
 * holds everything else back, and a delete leaves nothing of the user behind but the audit log.
 */
class AccountLifecycleIT {

    /** Open sockets are checked every 5 s; a little more for a busy machine. */
    private static final Duration SWEEP = Duration.ofSeconds(15);

    @RegisterExtension
    static final PortagentApp app = PortagentApp.with(AppServer.builder())
            .defaultAnswer(Script.text("Noted."));
    static final AdminApi admin = new AdminApi(app);
    private static Account chief;

    @BeforeAll
    static void anAdmin() {
        chief = admin.newAdmin("chief");
    }

    private static void patch(Account user, String json) {
        admin.expect(200, chief.token(), "PATCH", "api/admin/users/" + user.userId(), json);
    }

    private static int verify(String token) {
        return admin.api.verify(token).status();
    }

    @Test
    void disablingThroughTheApiClosesTheOpenSocketAtOnceAndEnablingRevivesNoOldToken() {
        Account user = admin.newUser("sock");
        try (WsClient ws = WsClient.connect(app.baseUri(), user.token())) {
            patch(user, "{\"isActive\":false}");
            assertEquals(4401, ws.awaitClose(Duration.ofSeconds(5)));
        }
        patch(user, "{\"isActive\":true}");
        assertEquals(401, verify(user.token()), "a token from before the disable stays dead");
        assertEquals(200, verify(admin.login(user.username())));
    }

    @Test
    void sqlite3sDisableClosesTheSocketWithinSecondsAndItsEnableRevivesNoOldToken() {
        Account user = admin.newUser("seed");
        Path db = admin.api.usersDb();
        try (WsClient ws = WsClient.connect(app.baseUri(), user.token())) {
            Sqlite3.run(db, "UPDATE users SET isActive = 0 WHERE username = '" + user.username() + "';");
            assertEquals(4401, ws.awaitClose(SWEEP));
        }
        Sqlite3.run(db, "UPDATE users SET isActive = 1 WHERE username = '" + user.username() + "';");
        assertEquals(401, verify(user.token()));
        assertEquals(401, assertThrows(WsClient.Refused.class, () -> WsClient.open(WsClient.wsUri(app.baseUri(),
                user.token()), null, null).close()).status);
        assertEquals(200, verify(admin.login(user.username())), "signing in again works");
    }

    @Test
    void aRoleChangeSignsTheUserOutAndTheNewTokenCarriesTheRole() {
        Account user = admin.newUser("promoted");
        patch(user, "{\"roles\":[\"user\",\"admin\"]}");
        assertEquals(401, verify(user.token()));
        JsonObject login = admin.api.login(user.username(), AdminApi.PASSWORD).json();
        assertEquals(Json.createArrayBuilder().add("user").add("admin").build(), login.getJsonArray("roles"));
        admin.expect(200, login.getString("token"), "GET", "api/admin/users", null);
        patch(user, "{\"roles\":[\"user\"]}");
        admin.expect(401, login.getString("token"), "GET", "api/admin/users", null);
    }

    @Test
    void theLastAdminCannotBeDemotedOrDisabled() {
        Account sole = admin.newAdmin("sole");
        Path db = admin.api.usersDb();
        String others = Sqlite3.run(db, "SELECT group_concat(userId) FROM user_roles WHERE role = 'admin' AND userId <> '"
                + sole.userId() + "';");
        Sqlite3.run(db, "DELETE FROM user_roles WHERE role = 'admin' AND userId <> '" + sole.userId() + "';");
        try {
            JsonObject demoted = admin.expect(409, sole.token(), "PATCH", "api/admin/users/" + sole.userId(),
                    "{\"roles\":[\"user\"]}");
            assertEquals("The last admin cannot be demoted", demoted.getString("error"));
            JsonObject disabled = admin.expect(409, sole.token(), "PATCH", "api/admin/users/" + sole.userId(),
                    "{\"isActive\":false}");
            assertEquals("The last admin cannot be disabled", disabled.getString("error"));
            admin.expect(409, sole.token(), "DELETE", "api/admin/users/" + sole.userId(), null);
            JsonObject unknown = admin.expect(400, sole.token(), "PATCH", "api/admin/users/" + sole.userId(),
                    "{\"roles\":[\"user\",\"root\"]}");
            assertEquals("Unknown role 'root': roles are user, admin", unknown.getString("error"));
            admin.expect(200, sole.token(), "GET", "api/admin/users/" + sole.userId(), null);
        } finally {
            for (String id : others.split(",")) {
                Sqlite3.run(db, "INSERT OR IGNORE INTO user_roles(userId, role, grantedAt) VALUES ('" + id
                        + "', 'admin', 0);");
            }
        }
    }

    @Test
    void anAccountAnAdminCreatesMustChangeItsPasswordBeforeAnythingElse() {
        String username = AuthApi.newUsername("fresh");
        JsonObject created = admin.expect(201, chief.token(), "POST", "api/admin/users",
                "{\"username\":\"" + username + "\"}");
        String temporary = created.getString("temporaryPassword");
        JsonObject login = admin.api.login(username, temporary).json();
        assertTrue(login.getBoolean("mustChangePassword"));
        String token = login.getString("token");
        JsonObject refused = admin.expect(403, token, "GET", "agentx/info", null);
        assertEquals("password_change_required", refused.getString("code"));
        assertEquals(403, assertThrows(WsClient.Refused.class, () -> WsClient.open(WsClient.wsUri(app.baseUri(),
                token), null, null).close()).status);
        assertTrue(admin.expect(200, token, "GET", "api/auth/me", null).getBoolean("mustChangePassword"));
        String changed = admin.expect(200, token, "POST", "api/auth/password", "{\"currentPassword\":\"" + temporary
                + "\",\"newPassword\":\"my-own-secret\"}").getString("token");
        admin.expect(200, changed, "GET", "agentx/info", null);
        assertEquals(401, verify(token), "the token used to change the password died with the old password");
    }

    @Test
    void deletingAUserLeavesNoRowAndNoFileOfTheirsButTheAuditLogKeepsTheirHistory() throws Exception {
        Account user = admin.newUser("doomed");
        String imageId;
        try (WsClient ws = WsClient.connect(app.baseUri(), user.token())) {
            imageId = ws.request("image_create", Json.createObjectBuilder().add("name", "to go"))
                    .getJsonObject("data").getJsonObject("image").getString("imageId");
            ws.request("subscribe", Json.createObjectBuilder().add("imageId", imageId));
            ws.request("message_send", Json.createObjectBuilder().add("imageId", imageId).add("content", "hi"));
            ws.awaitEvent("conversation_end");
        }
        Path workdir = app.dataDir().resolve("containers").resolve(user.containerId()).resolve("workdirs")
                .resolve(imageId);
        Files.createDirectories(workdir);
        Files.writeString(workdir.resolve("notes.txt"), "the agent wrote this");
        String groupId = admin.expect(201, chief.token(), "POST", "api/admin/groups", "{\"name\":\"g"
                + System.nanoTime() + "\"}").getJsonObject("group").getString("groupId");
        admin.expect(200, chief.token(), "PUT", "api/admin/groups/" + groupId + "/members/" + user.userId(), "");
        String sessionId = Sqlite3.run(admin.api.agentsDb(), "SELECT sessionId FROM sessions WHERE imageId = '"
                + imageId + "';");
        assertTrue(Integer.parseInt(rows("messages", "sessionId", sessionId)) > 0, "the user has messages to delete");

        admin.expect(200, chief.token(), "DELETE", "api/admin/users/" + user.userId(), null);

        for (String table : new String[] {"users", "user_state", "user_roles", "group_members", "revoked_tokens",
                "user_identities"}) {
            assertEquals("0", Sqlite3.run(admin.api.usersDb(), "SELECT count(*) FROM " + table + " WHERE userId = '"
                    + user.userId() + "';"), table);
        }
        assertEquals("0", rows("containers", "containerId", user.containerId()));
        assertEquals("0", rows("images", "imageId", imageId));
        assertEquals("0", rows("sessions", "imageId", imageId));
        for (String table : new String[] {"messages", "turns", "turn_events"}) {
            assertEquals("0", rows(table, "sessionId", sessionId), table);
        }
        assertFalse(Files.exists(app.dataDir().resolve("containers").resolve(user.containerId())));
        assertEquals(1, admin.auditCount("user_deleted", user.userId()));
        assertEquals(1, admin.auditCount("register", user.userId()), "the history stays under the user's id");
        admin.expect(404, chief.token(), "GET", "api/admin/users/" + user.userId(), null);
    }

    @Test
    void eachActionWritesOneAuditEntryWithTheClientAddressAndNoSecret() throws Exception {
        String username = AuthApi.newUsername("audited");
        JsonObject created = admin.expect(201, chief.token(), "POST", "api/admin/users",
                "{\"username\":\"" + username + "\",\"password\":\"first-secret\"}");
        String userId = created.getJsonObject("user").getString("userId");
        String path = "api/admin/users/" + userId;
        admin.expect(200, chief.token(), "PATCH", path, "{\"isActive\":false}");
        admin.expect(200, chief.token(), "PATCH", path, "{\"isActive\":true}");
        admin.expect(200, chief.token(), "PATCH", path, "{\"displayName\":\"Audited\"}");
        String temporary = admin.expect(200, chief.token(), "POST", path + "/password-reset", "")
                .getString("temporaryPassword");
        assertEquals(401, admin.api.login(username, "wrong-password").status());
        String token = admin.api.login(username, temporary, "203.0.113.7").json().getString("token");
        admin.expect(200, token, "POST", "api/auth/password", "{\"currentPassword\":\"" + temporary
                + "\",\"newPassword\":\"second-secret\"}");
        admin.api.logout(admin.api.login(username, "second-secret").json().getString("token"));
        for (String action : new String[] {"user_created", "user_disabled", "user_enabled", "user_updated",
                "password_reset", "login_failed", "password_changed", "logout"}) {
            assertEquals(1, admin.auditCount(action, userId), action);
        }
        assertEquals(2, admin.auditCount("login", userId), "two sign-ins");
        assertEquals("203.0.113.7", Sqlite3.run(admin.api.usersDb(), "SELECT ip FROM audit_log WHERE action = 'login'"
                + " AND actorUserId = '" + userId + "' ORDER BY id LIMIT 1;"), "the address the trusted proxy forwarded");
        String stored = Sqlite3.run(admin.api.usersDb(), "SELECT group_concat(detail) FROM audit_log;");
        String file = Files.readString(app.dataDir().resolve("logs/audit.log"));
        for (String secret : new String[] {"first-secret", "second-secret", temporary, token}) {
            assertFalse(stored.contains(secret) || file.contains(secret), "no password or token in the audit log");
        }
        assertTrue(file.lines().anyMatch(l -> l.contains("\"action\":\"user_disabled\"") && l.contains(userId)));
    }

    /** Rows of {@code table} in agentx.db whose {@code column} is {@code value}. */
    private static String rows(String table, String column, String value) {
        return Sqlite3.run(admin.api.agentsDb(), "SELECT count(*) FROM " + table + " WHERE " + column + " = '" + value
                + "';");
    }
}
