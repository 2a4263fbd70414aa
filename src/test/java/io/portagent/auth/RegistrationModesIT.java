package io.portagent.auth;

import static io.portagent.auth.AuthApi.json;
import static io.portagent.auth.AuthApi.newUsername;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.portagent.testing.AppServer;
import io.portagent.testing.Http;
import io.portagent.testing.PortagentApp;
import io.portagent.testing.Sqlite3;
import jakarta.json.JsonObject;
import java.time.Clock;
import java.time.ZoneId;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code REGISTRATION=invite}: today's code and an admin's single-use codes are accepted, a
 * used-up or revoked code is not, and a name in {@code ADMIN_USERNAMES} cannot be registered.
 */
class RegistrationModesIT {

    @RegisterExtension
    static final PortagentApp app = PortagentApp.with(AppServer.builder().set("REGISTRATION", "invite")
            .set("ADMIN_USERNAMES", "Root-Admin"));
    static final AdminApi admin = new AdminApi(app);
    private static String adminToken;

    private static String today() {
        return new InviteCodes(Clock.systemUTC(), ZoneId.systemDefault()).today();
    }

    private static Http.Reply register(String username, String code) {
        return admin.api.register(json("username", username, "password", AdminApi.PASSWORD, "inviteCode", code));
    }

    @BeforeAll
    static void anAdmin() {
        String username = newUsername("boss");
        JsonObject user = register(username, today()).json().getJsonObject("user");
        Sqlite3.run(admin.api.usersDb(), "INSERT INTO user_roles(userId, role, grantedAt) VALUES ('"
                + user.getString("userId") + "', 'admin', 0);");
        adminToken = admin.login(username);
    }

    @Test
    void theConfigSaysInvite() {
        JsonObject config = admin.api.get("api/auth/config").json();
        assertEquals("invite", config.getString("registration"));
        assertEquals(true, config.getBoolean("inviteCodeRequired"));
    }

    @Test
    void anAdminsCodeRegistersAsManyAccountsAsItHasUsesAndIsAudited() {
        JsonObject invite = admin.expect(201, adminToken, "POST", "api/admin/invites",
                "{\"maxUses\":1,\"expiresInHours\":1,\"note\":\"for the new hire\"}");
        String code = invite.getString("code");
        Http.Reply first = register(newUsername("hire"), code);
        assertEquals(201, first.status(), first::body);
        assertEquals("Invalid invite code", register(newUsername("late"), code).json().getString("error"));
        String userId = first.json().getJsonObject("user").getString("userId");
        assertEquals(1, admin.auditCount("invite_used", userId));
        JsonObject listed = admin.expect(200, adminToken, "GET", "api/admin/invites", null).getJsonArray("invites")
                .getValuesAs(JsonObject.class).stream().filter(i -> i.getString("code").equals(code)).findFirst()
                .orElseThrow();
        assertEquals(1, listed.getInt("uses"));
        assertEquals("for the new hire", listed.getString("note"));
    }

    @Test
    void aFailedRegistrationUsesNoCodeAndARevokedCodeRegistersNobody() {
        String code = admin.expect(201, adminToken, "POST", "api/admin/invites", "{\"maxUses\":1}").getString("code");
        assertEquals(400, register("x", code).status(), "too short a name: refused");
        assertEquals(201, register(newUsername("kept"), code).status(), "the refused registration used no code");
        String revoked = admin.expect(201, adminToken, "POST", "api/admin/invites", "{}").getString("code");
        admin.expect(200, adminToken, "DELETE", "api/admin/invites/" + revoked, null);
        assertEquals("Invalid invite code", register(newUsername("revoked"), revoked).json().getString("error"));
        admin.expect(404, adminToken, "DELETE", "api/admin/invites/NO-SUCH-CODE", null);
    }

    @Test
    void aNameInAdminUsernamesCannotBeRegisteredButAnAdminCanCreateIt() {
        Http.Reply refused = register("root-admin", today());
        assertEquals(400, refused.status());
        assertEquals("Username 'root-admin' is reserved", refused.json().getString("error"));
        JsonObject created = admin.expect(201, adminToken, "POST", "api/admin/users",
                "{\"username\":\"root-admin\",\"password\":\"chosen-secret\"}");
        assertEquals("user", created.getJsonObject("user").getJsonArray("roles").getString(0));
        assertEquals("admin", created.getJsonObject("user").getJsonArray("roles").getString(1),
                "admins by ADMIN_USERNAMES whenever they exist");
    }
}
