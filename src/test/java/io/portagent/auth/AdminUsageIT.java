package io.portagent.auth;

import static io.portagent.auth.AdminApi.spendTokens;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.testing.AppServer;
import io.portagent.testing.Http;
import io.portagent.testing.PortagentApp;
import io.portagent.testing.TestUsers;
import io.portagent.testing.TestUsers.User;
import io.portagent.testing.WsClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The daily token limit over a real socket, and {@code GET /api/admin/usage} against the WAR:
 * the ledger (deleted conversations included) for an admin, and a bad date range refused; the
 * 401/403 cells of the endpoint are in {@link AdminAccessIT}'s grid.
 */
class AdminUsageIT {

    @RegisterExtension
    static final PortagentApp app = PortagentApp.with(AppServer.builder().set("USER_DAILY_TOKEN_LIMIT", "60"));
    static final AuthApi api = new AuthApi(app);
    static final AdminApi admin = new AdminApi(app);

    private static String adminToken() {
        return admin.newAdmin("chief").token();
    }

    private static Http.Reply usage(String query, String token) {
        return api.get("api/admin/usage" + query, "Authorization", "Bearer " + token);
    }

    @Test
    void aUserOverTheLimitIsRefusedAndAnAdminSeesTheirTokensAfterTheConversationIsGone() {
        User alice = TestUsers.register(app);
        try (WsClient ws = app.connect(alice)) {
            String imageId = spendTokens(app, ws, 40, 25);

            JsonObject refused = ws.request("message_send", Json.createObjectBuilder().add("imageId", imageId)
                    .add("content", "more"));
            assertEquals("quota_exceeded", refused.getJsonObject("error").getString("code"));
            assertTrue(refused.getJsonObject("error").getString("message").contains("resets at midnight (00:00 "),
                    refused.toString());
            ws.request("image_delete", Json.createObjectBuilder().add("imageId", imageId));
        }

        Http.Reply report = usage("?userId=" + alice.userId(), adminToken());
        assertEquals(200, report.status(), report::body);
        JsonObject row = report.json().getJsonArray("usage").getJsonObject(0);
        assertEquals(1, report.json().getJsonArray("usage").size(), report::body);
        assertEquals(alice.userId(), row.getString("userId"));
        assertEquals("claude-sonnet-4-20250514", row.getString("model"));
        assertEquals(40, row.getInt("inputTokens"));
        assertEquals(25, row.getInt("outputTokens"));
        assertEquals(1, row.getInt("turns"));
    }

    @Test
    void badDatesAreABadRequest() {
        Http.Reply bad = usage("?from=yesterday", adminToken());
        assertEquals(400, bad.status());
        assertEquals("from must be a date, YYYY-MM-DD", bad.json().getString("error"));
        assertEquals(400, usage("?from=2026-02-01&to=2026-01-01", adminToken()).status());
    }
}
