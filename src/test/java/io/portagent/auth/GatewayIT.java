package io.portagent.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.auth.AdminApi.Account;
import io.portagent.testing.Await;
import io.portagent.testing.FakeOpenAi;
import io.portagent.testing.Http;
import io.portagent.testing.OpenAiNodeClient;
import io.portagent.testing.PortagentApp;
import io.portagent.testing.Script;
import io.portagent.testing.TwoProviders;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The OpenAI-compatible gateway against the WAR, with a personal key, forwarding to two real
 * protocols (the fake Anthropic server and an OpenAI-compatible fake): the models a user's groups
 * allow and no others, a whole and a streamed completion in OpenAI's shapes, the conversation
 * passed on as sent, the tokens in the admins' usage report, a spent budget (429), a provider's
 * refusal and requests this gateway cannot honour (400).
 */
class GatewayIT {

    static final FakeOpenAi OPENAI = FakeOpenAi.start();

    @RegisterExtension
    static final PortagentApp app = PortagentApp.with(TwoProviders.settings(OPENAI)
            .set("USER_DAILY_TOKEN_LIMIT", "1000000"));
    static final AdminApi admin = new AdminApi(app);

    private static final String CONVERSATION = "[{\"role\":\"system\",\"content\":\"Answer briefly.\"},"
            + "{\"role\":\"user\",\"content\":\"Hi\"},{\"role\":\"assistant\",\"content\":\"Hello!\"},"
            + "{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Say\"},{\"type\":\"text\",\"text\":\"more\"}]}]";

    @AfterAll
    static void stopOpenAi() {
        OPENAI.close();
    }

    static String keyOf(Account user) {
        return ApiKeysIT.newKey(admin, user);
    }

    static Http.Reply chat(String key, String body) {
        return Http.send(HttpRequest.newBuilder(app.uri("v1/chat/completions")).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    static String request(String model, String extra) {
        return "{\"model\":\"" + model + "\",\"messages\":" + CONVERSATION + extra + "}";
    }

    private static JsonObject error(Http.Reply reply, int status) {
        assertEquals(status, reply.status(), reply::body);
        return reply.json().getJsonObject("error");
    }

    /** A GET of a path under /v1 with the key. */
    static Http.Reply get(String path, String key) {
        return ApiKeysIT.get(app, path, "Authorization", "Bearer " + key);
    }

    private static List<String> modelIds(String key) {
        return get("v1/models", key).json().getJsonArray("data").getValuesAs(JsonObject.class).stream()
                .map(m -> m.getString("id")).toList();
    }

    private static void group(Account chief, String body, Account member) {
        String groupId = admin.expect(201, chief.token(), "POST", "api/admin/groups", body).getJsonObject("group")
                .getString("groupId");
        admin.expect(200, chief.token(), "PUT", "api/admin/groups/" + groupId + "/members/" + member.userId(), "");
    }

    /** The {@code data:} payloads of an event stream, in order. */
    static List<String> events(String body) {
        return Arrays.stream(body.split("\n\n")).filter(e -> !e.isBlank()).map(e -> {
            assertTrue(e.startsWith("data: "), e);
            return e.substring("data: ".length());
        }).toList();
    }

    static JsonObject parse(String json) {
        return Json.createReader(new StringReader(json)).readObject();
    }

    @Test
    void theModelsAreThoseTheUsersGroupsAllowAndNoOtherMayBeCalled() {
        Account chief = admin.newAdmin("chief");
        Account member = admin.newUser("member");
        String key = keyOf(member);
        assertEquals(List.of(TwoProviders.ANTHROPIC_MODEL, TwoProviders.OPENAI_MODEL), modelIds(key));
        JsonObject listed = get("v1/models", key).json();
        assertEquals("list", listed.getString("object"));
        assertEquals("model", listed.getJsonArray("data").getJsonObject(1).getString("object"));
        assertEquals("local", listed.getJsonArray("data").getJsonObject(1).getString("owned_by"));

        group(chief, "{\"name\":\"local-" + System.nanoTime() + "\",\"models\":[\"" + TwoProviders.OPENAI_MODEL
                + "\"]}", member);
        assertEquals(List.of(TwoProviders.OPENAI_MODEL), modelIds(key));
        assertEquals(200, get("v1/models/" + TwoProviders.OPENAI_MODEL, key).status());
        assertEquals(404, get("v1/models/" + TwoProviders.ANTHROPIC_MODEL, key).status());
        int calls = app.model().requests().size();
        JsonObject refused = error(chat(key, request(TwoProviders.ANTHROPIC_MODEL, "")), 403);
        assertEquals("model_not_allowed", refused.getString("code"));
        assertEquals("model", refused.getString("param"));
        assertEquals(calls, app.model().requests().size(), "the provider was not called");
    }

    @Test
    void aWholeCompletionPassesTheConversationOnAndItsTokensReachTheUsageReport() {
        Account chief = admin.newAdmin("chief");
        Account user = admin.newUser("scripter");
        String key = keyOf(user);
        app.model().enqueue(Script.text("Hel", "lo there").usage(12, 3));

        Http.Reply reply = chat(key, request(TwoProviders.ANTHROPIC_MODEL, ",\"max_tokens\":77,\"temperature\":0.2"));
        assertEquals(200, reply.status(), reply::body);
        JsonObject answer = reply.json();
        assertEquals("chat.completion", answer.getString("object"));
        assertTrue(answer.getString("id").startsWith("chatcmpl-"));
        assertEquals(TwoProviders.ANTHROPIC_MODEL, answer.getString("model"));
        JsonObject choice = answer.getJsonArray("choices").getJsonObject(0);
        assertEquals("assistant", choice.getJsonObject("message").getString("role"));
        assertEquals("Hello there", choice.getJsonObject("message").getString("content"));
        assertEquals("stop", choice.getString("finish_reason"));
        assertEquals(parse("{\"prompt_tokens\":12,\"completion_tokens\":3,\"total_tokens\":15}"),
                answer.getJsonObject("usage"));

        JsonObject sent = app.model().lastRequest().bodyJson();
        assertEquals(77, sent.getInt("max_tokens"));
        assertEquals("Answer briefly.", sent.get("system") instanceof JsonArray blocks
                ? blocks.getJsonObject(0).getString("text") : sent.getString("system"));
        JsonArray messages = sent.getJsonArray("messages");
        assertEquals(List.of("user", "assistant", "user"), messages.getValuesAs(JsonObject.class).stream()
                .map(m -> m.getString("role")).toList());
        assertTrue(messages.getJsonObject(2).toString().contains("more"), messages.toString());

        JsonObject row = Await.until("the call's tokens in the ledger", Duration.ofSeconds(10),
                () -> admin.expect(200, chief.token(), "GET", "api/admin/usage?userId=" + user.userId(), null)
                        .getJsonArray("usage"), rows -> rows.size() == 1).getJsonObject(0);
        assertEquals(TwoProviders.ANTHROPIC_MODEL, row.getString("model"));
        assertEquals(12, row.getInt("inputTokens"));
        assertEquals(3, row.getInt("outputTokens"));
        String metrics = Http.get(app.uri("metrics")).body();
        assertTrue(metrics.lines().anyMatch(l -> l.startsWith("portagent_tokens_total{direction=\"output\",model=\""
                + TwoProviders.ANTHROPIC_MODEL + "\"") && Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)) >= 3),
                "the metrics count the call's tokens with the turns'");
    }

    @Test
    void aStreamedCompletionSendsChunksThenTheReasonTheUsageAndDone() {
        String key = keyOf(admin.newUser("streamer"));
        OPENAI.enqueue(Script.text("Hi", " there").usage(7, 2));

        Http.Reply reply = chat(key, request(TwoProviders.OPENAI_MODEL,
                ",\"stream\":true,\"stream_options\":{\"include_usage\":true}"));
        assertEquals(200, reply.status(), reply::body);
        assertTrue(reply.header("Content-Type").startsWith("text/event-stream"), reply.header("Content-Type"));
        List<String> events = events(reply.body());
        assertEquals("[DONE]", events.get(events.size() - 1));
        List<JsonObject> chunks = events.subList(0, events.size() - 1).stream().map(GatewayIT::parse).toList();
        chunks.forEach(c -> assertEquals("chat.completion.chunk", c.getString("object")));
        assertEquals(1, chunks.stream().map(c -> c.getString("id")).distinct().count(), "one id for the stream");
        assertEquals("assistant", chunks.get(0).getJsonArray("choices").getJsonObject(0).getJsonObject("delta")
                .getString("role"));
        StringBuilder text = new StringBuilder();
        chunks.stream().flatMap(c -> c.getJsonArray("choices").getValuesAs(JsonObject.class).stream())
                .map(c -> c.getJsonObject("delta")).filter(d -> d.containsKey("content"))
                .forEach(d -> text.append(d.getString("content")));
        assertEquals("Hi there", text.toString());
        JsonObject last = chunks.get(chunks.size() - 2).getJsonArray("choices").getJsonObject(0);
        assertEquals("stop", last.getString("finish_reason"));
        JsonObject usage = chunks.get(chunks.size() - 1);
        assertEquals(0, usage.getJsonArray("choices").size());
        assertEquals(9, usage.getJsonObject("usage").getInt("total_tokens"));
        assertEquals(Boolean.TRUE, OPENAI.lastRequest().bodyJson().getBoolean("stream"));
    }

    @Test
    void aFailureAfterTheStreamBeganEndsItWithAnErrorEvent() {
        String key = keyOf(admin.newUser("dropped"));
        OPENAI.enqueue(Script.text("partial", " answer", " never", " finished").errorAfterDeltas(2, "server_error",
                "the model crashed"));
        Http.Reply reply = chat(key, request(TwoProviders.OPENAI_MODEL, ",\"stream\":true"));
        assertEquals(200, reply.status(), reply::body);
        List<String> events = events(reply.body());
        // the two deltas before the error may come joined ("partial answer"): they arrived together
        assertTrue(reply.body().contains("\"content\":\"partial"), reply::body);
        JsonObject last = parse(events.get(events.size() - 1));
        assertTrue(last.containsKey("error"), reply::body);
        assertEquals("api_error", last.getJsonObject("error").getString("type"));
    }

    @Test
    void aSpentDailyBudgetIsA429AndTheProviderIsNotCalled() {
        Account chief = admin.newAdmin("chief");
        Account member = admin.newUser("spender");
        group(chief, "{\"name\":\"small-" + System.nanoTime() + "\",\"dailyTokenLimit\":50}", member);
        String key = keyOf(member);
        app.model().enqueue(Script.text("Spent.").usage(40, 25));
        assertEquals(200, chat(key, request(TwoProviders.ANTHROPIC_MODEL, "")).status());

        int calls = app.model().requests().size();
        JsonObject refused = error(chat(key, request(TwoProviders.ANTHROPIC_MODEL, ",\"stream\":true")), 429);
        assertEquals("quota_exceeded", refused.getString("code"));
        assertEquals("insufficient_quota", refused.getString("type"));
        assertTrue(refused.getString("message").contains("65 of your 50 tokens"), refused.toString());
        assertEquals(calls, app.model().requests().size());
    }

    @Test
    void aProvidersRefusalKeepsItsMeaningInOpenAisShape() {
        String key = keyOf(admin.newUser("refused"));
        app.model().enqueue(Script.httpError(400, "invalid_request_error", "prompt is too long"));
        JsonObject refused = error(chat(key, request(TwoProviders.ANTHROPIC_MODEL, ",\"stream\":true")), 400);
        assertEquals("invalid_request", refused.getString("code"));
        assertTrue(refused.getString("message").contains("prompt is too long"), refused.toString());
    }

    @Test
    void requestsThisGatewayCannotHonourAreRefusedNamingTheParameter() {
        String key = keyOf(admin.newUser("picky"));
        assertEquals("model", error(chat(key, "{\"messages\":" + CONVERSATION + "}"), 400).getString("param"));
        assertEquals("messages", error(chat(key, "{\"model\":\"qwen\",\"messages\":[]}"), 400).getString("param"));
        assertEquals("tools", error(chat(key, request("qwen", ",\"tools\":[{\"type\":\"function\"}]")), 400)
                .getString("param"));
        assertEquals("n", error(chat(key, request("qwen", ",\"n\":2")), 400).getString("param"));
        assertEquals("max_tokens", error(chat(key, request("qwen", ",\"max_tokens\":0")), 400).getString("param"));
        assertEquals("unsupported_parameter", error(chat(key, "{\"model\":\"qwen\",\"messages\":[{\"role\":\"user\","
                + "\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:,\"}}]}]}"), 400)
                .getString("code"));
        assertEquals("invalid_request", error(chat(key, "{not json"), 400).getString("code"));
    }

    /** The official OpenAI client for Node.js, as scripts and IDE plugins use it, streaming and not. */
    @Test
    void theOfficialOpenAiClientListsCompletesAndStreams() {
        String key = keyOf(admin.newUser("node"));
        URI base = app.uri("v1");
        assertEquals(List.of(TwoProviders.ANTHROPIC_MODEL, TwoProviders.OPENAI_MODEL), OpenAiNodeClient.run(base, key,
                "", "models").getJsonArray("models").getValuesAs(JsonString.class).stream()
                .map(JsonString::getString).toList());

        app.model().enqueue(Script.text("Hello", " from Claude").usage(9, 4));
        JsonObject whole = OpenAiNodeClient.run(base, key, TwoProviders.ANTHROPIC_MODEL, "complete");
        assertEquals("Hello from Claude", whole.getString("text"), whole::toString);
        assertEquals("stop", whole.getString("finish"));
        assertEquals(13, whole.getJsonObject("usage").getInt("total_tokens"));

        OPENAI.enqueue(Script.text("Hel", "lo", " from", " qwen").usage(5, 4));
        JsonObject streamed = OpenAiNodeClient.run(base, key, TwoProviders.OPENAI_MODEL, "stream");
        assertEquals("Hello from qwen", streamed.getString("text"), streamed::toString);
        assertEquals("stop", streamed.getString("finish"));
        assertEquals(9, streamed.getJsonObject("usage").getInt("total_tokens"));
        // the role chunk, the text (deltas that arrive together come as one chunk), the finish, the usage
        assertTrue(streamed.getInt("chunks") >= 4, streamed::toString);

        JsonObject refused = OpenAiNodeClient.run(base, "pak-revoked-or-never-made", TwoProviders.OPENAI_MODEL, "stream");
        assertEquals(401, refused.getJsonObject("error").getInt("status"), refused::toString);
        assertEquals("invalid_api_key", refused.getJsonObject("error").getString("code"));
    }
}
