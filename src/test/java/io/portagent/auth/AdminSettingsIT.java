package io.portagent.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.auth.AdminApi.Account;
import io.portagent.testing.FakeOpenAi;
import io.portagent.testing.Http;
import io.portagent.testing.PortagentApp;
import io.portagent.testing.Script;
import io.portagent.testing.Sqlite3;
import io.portagent.testing.TwoProviders;
import io.portagent.testing.WsClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Settings an admin changes in {@code /api/admin/settings}, against the WAR with two providers:
 * applied live to open sockets and to the next model call, kept across a restart, refused for a
 * key the operator set or a value the resolver rejects (nothing stored then), keys never sent
 * back, and each change audited by key names only.
 */
class AdminSettingsIT {

    static final FakeOpenAi OPENAI = FakeOpenAi.start();

    @RegisterExtension
    static final PortagentApp app = PortagentApp.with(TwoProviders.settings(OPENAI));
    static final AdminApi admin = new AdminApi(app);

    @AfterAll
    static void stopOpenAi() {
        OPENAI.close();
    }

    /** Each test starts from nothing stored. */
    @AfterEach
    void removeStored() {
        Sqlite3.run(admin.api.usersDb(), "DELETE FROM settings;");
        admin.expect(200, admin.newAdmin("reset").token(), "PATCH", "api/admin/settings",
                "{\"LLM_MODELS\":null}");
    }

    private static List<String> models(WsClient ws) {
        return ws.request("model_list", Json.createObjectBuilder()).getJsonObject("data").getJsonArray("models")
                .getValuesAs(JsonObject.class).stream().map(m -> m.getString("id")).toList();
    }

    private static JsonObject entry(JsonObject reply, String key) {
        return reply.getJsonArray("settings").getValuesAs(JsonObject.class).stream()
                .filter(e -> e.getString("key").equals(key)).findFirst().orElseThrow(() -> new AssertionError(key));
    }

    private static String stored() {
        return Sqlite3.run(admin.api.usersDb(), "SELECT group_concat(key || '=' || value, ';') FROM settings;").strip();
    }

    @Test
    void aNewModelListReachesAnOpenSocketAndTheNextSendUsesTheNewProviderClients() {
        Account chief = admin.newAdmin("chief");
        try (WsClient ws = WsClient.connect(app.baseUri(), admin.newUser("member").token())) {
            assertEquals(List.of(TwoProviders.ANTHROPIC_MODEL, TwoProviders.OPENAI_MODEL), models(ws));

            JsonObject reply = admin.expect(200, chief.token(), "PATCH", "api/admin/settings",
                    "{\"LLM_MODELS\":\"local:mistral, claude-a\"}");

            assertEquals("console", entry(reply, "LLM_MODELS").getString("origin"));
            assertEquals(List.of("mistral", TwoProviders.ANTHROPIC_MODEL), models(ws), "same socket, no restart");
            String imageId = ws.request("image_create", Json.createObjectBuilder()).getJsonObject("data")
                    .getJsonObject("image").getString("imageId");
            ws.request("subscribe", Json.createObjectBuilder().add("imageId", imageId));
            OPENAI.enqueue(Script.text("From mistral."));
            ws.request("message_send", Json.createObjectBuilder().add("imageId", imageId).add("content", "Hi"));
            ws.awaitEvent("conversation_end");
            assertEquals("mistral", OPENAI.lastRequest().bodyJson().getString("model"),
                    "a model only the new settings know");
        }
    }

    @Test
    void aStoredValueSurvivesARestart() {
        admin.expect(200, admin.newAdmin("chief").token(), "PATCH", "api/admin/settings",
                "{\"LLM_MODELS\":\"qwen\",\"USER_DAILY_TOKEN_LIMIT\":5000}");
        app.stop();
        app.start();
        try (WsClient ws = WsClient.connect(app.baseUri(), admin.newUser("member").token())) {
            assertEquals(List.of(TwoProviders.OPENAI_MODEL), models(ws));
        }
        JsonObject listed = admin.expect(200, admin.newAdmin("chief").token(), "GET", "api/admin/settings", null);
        assertEquals("5000", entry(listed, "USER_DAILY_TOKEN_LIMIT").getString("value"));
    }

    @Test
    void aKeyTheOperatorSetIsReadOnlyAndRefusedWith409() {
        Account chief = admin.newAdmin("chief");
        JsonObject listed = admin.expect(200, chief.token(), "GET", "api/admin/settings", null);
        JsonObject localModels = entry(listed, "LLM_PROVIDER_LOCAL_MODELS");
        assertEquals("operator", localModels.getString("origin"));
        assertFalse(localModels.getBoolean("editable"));

        JsonObject refused = admin.expect(409, chief.token(), "PATCH", "api/admin/settings",
                "{\"LLM_MODELS\":\"qwen\",\"LLM_PROVIDER_LOCAL_MODELS\":\"qwen,other\"}");

        assertEquals("LLM_PROVIDER_LOCAL_MODELS is set by the operator and cannot be changed here",
                refused.getString("error"));
        assertEquals("", stored(), "nothing of the request stored");
    }

    @Test
    void anInvalidResultIsRefusedWithTheResolversSentenceAndNothingChanges() {
        Account chief = admin.newAdmin("chief");
        JsonObject refused = admin.expect(400, chief.token(), "PATCH", "api/admin/settings",
                "{\"LLM_MODELS\":\"qwen\",\"USER_DAILY_TOKEN_LIMIT\":\"lots\"}");

        assertEquals("Invalid value for USER_DAILY_TOKEN_LIMIT: 'lots' (from stored in the console). Expected a"
                + " whole number, 0 or more.", refused.getString("error"));
        assertEquals("", stored());
        assertEquals("default", entry(admin.expect(200, chief.token(), "GET", "api/admin/settings", null),
                "LLM_MODELS").getString("origin"));
        assertEquals(400, admin.call(chief.token(), "PATCH", "api/admin/settings", "{\"JWT_SECRET\":\"x\"}")
                .status(), "a key the console does not edit");
        assertEquals(0, admin.auditCount("settings_changed", chief.userId()));
    }

    @Test
    void aProviderKeyIsUsedButNeverSentBackAndTheAuditNamesOnlyTheKey() {
        Account chief = admin.newAdmin("chief");
        String secret = "sk-local-" + System.nanoTime();
        Http.Reply reply = admin.call(chief.token(), "PATCH", "api/admin/settings",
                "{\"LLM_PROVIDER_LOCAL_KEY\":\"" + secret + "\"}");

        assertEquals(200, reply.status(), reply::body);
        assertFalse(reply.body().contains(secret));
        assertEquals("********", entry(reply.json(), "LLM_PROVIDER_LOCAL_KEY").getString("value"));
        JsonObject operatorKey = entry(reply.json(), "LLM_PROVIDER_KEY");
        assertEquals("********", operatorKey.getString("value"));
        assertEquals("operator", operatorKey.getString("origin"));
        String listed = admin.call(chief.token(), "GET", "api/admin/settings", null).body();
        assertFalse(listed.contains(secret));
        assertFalse(listed.contains(io.portagent.testing.AppServer.TEST_API_KEY));
        assertEquals(1, admin.auditCount("settings_changed", chief.userId()));
        assertEquals("{\"keys\":[\"LLM_PROVIDER_LOCAL_KEY\"]}", Sqlite3.run(admin.api.usersDb(),
                "SELECT detail FROM audit_log WHERE action = 'settings_changed' AND actorUserId = '"
                        + chief.userId() + "';").strip());

        try (WsClient ws = WsClient.connect(app.baseUri(), admin.newUser("member").token())) {
            String imageId = ws.request("image_create", Json.createObjectBuilder().add("model", "qwen"))
                    .getJsonObject("data").getJsonObject("image").getString("imageId");
            ws.request("subscribe", Json.createObjectBuilder().add("imageId", imageId));
            OPENAI.enqueue(Script.text("Keyed."));
            ws.request("message_send", Json.createObjectBuilder().add("imageId", imageId).add("content", "Hi"));
            ws.awaitEvent("conversation_end");
        }
        assertTrue(OPENAI.lastRequest().header("Authorization").endsWith(secret), "the new key is sent");
    }

    @Test
    void aUserMayNeitherReadNorChangeTheSettings() {
        String token = admin.newUser("plain").token();
        assertEquals(403, admin.call(token, "GET", "api/admin/settings", null).status());
        assertEquals(403, admin.call(token, "PATCH", "api/admin/settings", "{\"LLM_MODELS\":\"qwen\"}").status());
        assertEquals("", stored());
    }
}
