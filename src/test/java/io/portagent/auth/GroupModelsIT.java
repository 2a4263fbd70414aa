package io.portagent.auth;

import static io.portagent.auth.AdminApi.spendTokens;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.portagent.auth.AdminApi.Account;
import io.portagent.testing.FakeOpenAi;
import io.portagent.testing.PortagentApp;
import io.portagent.testing.TwoProviders;
import io.portagent.testing.WsClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Groups made in the admin API narrow what their members may use, at once and over a real
 * socket: the models they may list and choose, and a group's daily budget in place of
 * {@code USER_DAILY_TOKEN_LIMIT}.
 */
class GroupModelsIT {

    static final FakeOpenAi OPENAI = FakeOpenAi.start();

    @RegisterExtension
    static final PortagentApp app = PortagentApp.with(TwoProviders.settings(OPENAI)
            .set("USER_DAILY_TOKEN_LIMIT", "1000000"));
    static final AdminApi admin = new AdminApi(app);

    @AfterAll
    static void stopOpenAi() {
        OPENAI.close();
    }

    private static String group(Account chief, String body, Account member) {
        String groupId = admin.expect(201, chief.token(), "POST", "api/admin/groups", body).getJsonObject("group")
                .getString("groupId");
        admin.expect(200, chief.token(), "PUT", "api/admin/groups/" + groupId + "/members/" + member.userId(), "");
        return groupId;
    }

    private static WsClient connect(Account account) {
        return WsClient.connect(app.baseUri(), account.token());
    }

    private static List<String> models(WsClient ws) {
        return ws.request("model_list", Json.createObjectBuilder()).getJsonObject("data").getJsonArray("models")
                .getValuesAs(JsonObject.class).stream().map(m -> m.getString("id")).toList();
    }

    private static String errorCode(JsonObject response) {
        return response.getJsonObject("error").getString("code");
    }

    @Test
    void aGroupsModelListIsAllItsMembersMayChooseAndTheirDefaultFollowsIt() {
        Account chief = admin.newAdmin("chief");
        Account member = admin.newUser("member");
        try (WsClient ws = connect(member)) {
            assertEquals(List.of(TwoProviders.ANTHROPIC_MODEL, TwoProviders.OPENAI_MODEL), models(ws));
            String groupId = group(chief, "{\"name\":\"local-only-" + System.nanoTime() + "\",\"models\":[\""
                    + TwoProviders.OPENAI_MODEL + "\"]}", member);

            assertEquals(List.of(TwoProviders.OPENAI_MODEL), models(ws), "applies at once, same socket");
            JsonObject plain = ws.request("image_create", Json.createObjectBuilder()).getJsonObject("data")
                    .getJsonObject("image");
            assertEquals(TwoProviders.OPENAI_MODEL, plain.getString("model"));
            assertEquals("model_not_allowed", errorCode(ws.request("image_create", Json.createObjectBuilder()
                    .add("model", TwoProviders.ANTHROPIC_MODEL))));

            admin.expect(200, chief.token(), "DELETE", "api/admin/groups/" + groupId + "/members/"
                    + member.userId(), null);
            assertEquals(List.of(TwoProviders.ANTHROPIC_MODEL, TwoProviders.OPENAI_MODEL), models(ws));
        }
    }

    @Test
    void aGroupsBudgetReplacesTheServiceWideLimit() {
        Account chief = admin.newAdmin("chief");
        Account member = admin.newUser("member");
        group(chief, "{\"name\":\"small-" + System.nanoTime() + "\",\"dailyTokenLimit\":50}", member);
        try (WsClient ws = connect(member)) {
            String imageId = spendTokens(app, ws, 40, 25);

            assertEquals("quota_exceeded", errorCode(ws.request("message_send", Json.createObjectBuilder()
                    .add("imageId", imageId).add("content", "more"))), "65 tokens spent of the group's 50");
        }
    }
}
