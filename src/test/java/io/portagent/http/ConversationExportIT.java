package io.portagent.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.testing.Http;
import io.portagent.testing.PortagentApp;
import io.portagent.testing.Script;
import io.portagent.testing.TestUsers.User;
import io.portagent.testing.WsClient;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** GET api/conversations/{imageId}/export through the real WAR: both formats, a download, the owner only. */
class ConversationExportIT {

    @RegisterExtension
    static final PortagentApp app = PortagentApp.withDefaults();

    private static String answeredConversation(User user) {
        try (WsClient ws = app.connect(user)) {
            String imageId = ws.request("image_create", Json.createObjectBuilder().add("name", "Trip: Alps & lakes"))
                    .getJsonObject("data").getJsonObject("image").getString("imageId");
            ws.request("subscribe", Json.createObjectBuilder().add("imageId", imageId));
            app.model().enqueue(Script.text("Take the ", "train."));
            ws.request("message_send", Json.createObjectBuilder().add("imageId", imageId).add("content", "How to go?"));
            ws.awaitEvent("conversation_end");
            return imageId;
        }
    }

    private static Http.Reply export(String imageId, String query, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(app.uri("api/conversations/" + imageId + "/export" + query))
                .GET();
        return Http.send(token == null ? request : request.header("Authorization", "Bearer " + token));
    }

    @Test
    void theOwnerDownloadsMarkdownAndJson() {
        User alice = app.newUser();
        String imageId = answeredConversation(alice);

        Http.Reply markdown = export(imageId, "?format=markdown", alice.token());
        assertEquals(200, markdown.status(), markdown.body());
        assertTrue(markdown.header("Content-Type").startsWith("text/markdown"), markdown.header("Content-Type"));
        assertEquals("attachment; filename=\"trip-alps-lakes.md\"; filename*=UTF-8''trip-alps-lakes.md",
                markdown.header("Content-Disposition"));
        String text = markdown.body();
        assertTrue(text.startsWith("# Trip: Alps & lakes\n"), text);
        assertTrue(text.contains("\n## You\n\nHow to go?\n") && text.contains("\n\nTake the train.\n"), text);

        Http.Reply json = export(imageId, "?format=json", alice.token());
        assertEquals(200, json.status());
        assertTrue(json.header("Content-Disposition").startsWith("attachment; filename=\"trip-alps-lakes.json\""));
        JsonObject body = json.json();
        assertEquals("portagent-conversation", body.getString("format"));
        assertEquals("Trip: Alps & lakes", body.getJsonObject("conversation").getString("name"));
        JsonArray messages = body.getJsonArray("messages");
        assertEquals(2, messages.size());
        assertEquals("How to go?", messages.getJsonObject(0).getString("content"));
        assertEquals("assistant", messages.getJsonObject(1).getString("subtype"));
        assertEquals("Take the train.", messages.getJsonObject(1).getString("content"));
    }

    private static Http.Reply importJson(String body, String token) {
        return Http.send(HttpRequest.newBuilder(app.uri("api/conversations/import"))
                .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Bob imports Alice's export: a new conversation of his, whose messages are the model's context. */
    @Test
    void aJsonExportImportsAsANewConversationWhoseHistoryIsContext() {
        User alice = app.newUser();
        User bob = app.newUser();
        String exported = export(answeredConversation(alice), "?format=json", alice.token()).body();

        Http.Reply imported = importJson(exported, bob.token());
        assertEquals(201, imported.status(), imported.body());
        String imageId = imported.json().getString("imageId");
        assertEquals("Trip: Alps & lakes", imported.json().getString("name"));
        try (WsClient ws = app.connect(bob)) {
            JsonArray messages = ws.request("image_messages", Json.createObjectBuilder().add("imageId", imageId))
                    .getJsonObject("data").getJsonArray("messages");
            assertEquals(2, messages.size());
            assertEquals("Take the train.", messages.getJsonObject(1).getString("content"));
            ws.request("subscribe", Json.createObjectBuilder().add("imageId", imageId));
            app.model().enqueue(Script.text("By train, yes."));
            ws.request("message_send", Json.createObjectBuilder().add("imageId", imageId).add("content", "Sure?"));
            ws.awaitEvent("conversation_end");
        }
        String context = app.model().lastRequest().bodyJson().getJsonArray("messages").toString();
        assertTrue(context.contains("How to go?") && context.contains("Take the train.") && context.contains("Sure?"),
                context);
        assertEquals(404, export(imageId, "?format=json", alice.token()).status(), "Bob's copy is his alone");
    }

    /** Not an export, or a tool call without its result: 400 with the reason, and nothing created. */
    @Test
    void aBrokenImportIsRefusedAndCreatesNothing() {
        User carol = app.newUser();
        Http.Reply notExport = importJson("{\"hello\":1}", carol.token());
        assertEquals(400, notExport.status());
        assertTrue(notExport.json().getString("error").startsWith("This is not a Portagent conversation export"));
        String unanswered = "{\"format\":\"portagent-conversation\",\"version\":1,\"conversation\":{\"name\":\"x\"},"
                + "\"messages\":[{\"subtype\":\"user\",\"content\":\"hi\",\"timestamp\":1},"
                + "{\"subtype\":\"tool-call\",\"content\":{\"toolCallId\":\"t1\",\"toolName\":\"list_files\","
                + "\"input\":{}},\"timestamp\":2}]}";
        Http.Reply broken = importJson(unanswered, carol.token());
        assertEquals(400, broken.status());
        assertEquals("every tool call needs its tool result, and every result its call", broken.json().getString("error"));
        try (WsClient ws = app.connect(carol)) {
            assertEquals(0, ws.request("image_list", Json.createObjectBuilder()).getJsonObject("data")
                    .getJsonArray("images").size());
        }
    }

    /** The whole account as one ZIP: each conversation as JSON and Markdown; another user's ZIP holds none of them. */
    @Test
    void everyConversationOfTheCallerInOneZip() throws IOException {
        User alice = app.newUser();
        User bob = app.newUser();
        answeredConversation(alice);
        answeredConversation(alice);
        Http.Reply reply = Http.send(HttpRequest.newBuilder(app.uri("api/conversations/export.zip"))
                .header("Authorization", "Bearer " + alice.token()).GET());
        assertEquals(200, reply.status(), reply.body());
        assertEquals("application/zip", reply.header("Content-Type"));
        assertTrue(reply.header("Content-Disposition").startsWith("attachment; filename=\"portagent-"));
        Map<String, String> entries = unzip(zipOf(alice.token()));
        assertEquals(4, entries.size(), entries.keySet().toString());
        assertEquals(2, entries.keySet().stream().filter(n -> n.matches("conversations/trip-alps-lakes-[0-9a-f-]{8}\\.json"))
                .count(), entries.keySet().toString());
        for (Map.Entry<String, String> entry : entries.entrySet()) {
            if (entry.getKey().endsWith(".json")) {
                assertEquals(2, Json.createReader(new StringReader(entry.getValue())).readObject()
                        .getJsonArray("messages").size());
            } else {
                assertTrue(entry.getValue().contains("Take the train."), entry.getValue());
            }
        }
        assertEquals(Map.of(), unzip(zipOf(bob.token())), "bob has no conversations, and sees none of alice's");
    }

    private static byte[] zipOf(String token) {
        try {
            return java.net.http.HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    app.uri("api/conversations/export.zip")).header("Authorization", "Bearer " + token).GET().build(),
                    java.net.http.HttpResponse.BodyHandlers.ofByteArray()).body();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> unzip(byte[] bytes) throws IOException {
        Map<String, String> entries = new TreeMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                entries.put(entry.getName(), new String(zip.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        return entries;
    }

    @Test
    void anotherUsersConversationIsNotFoundLikeAMissingOne() {
        User alice = app.newUser();
        User bob = app.newUser();
        String imageId = answeredConversation(alice);
        Http.Reply foreign = export(imageId, "?format=json", bob.token());
        Http.Reply missing = export("no-such-conversation", "?format=json", bob.token());
        assertEquals(404, foreign.status());
        assertEquals(404, missing.status());
        assertEquals(missing.json().getString("error").replace("no-such-conversation", imageId),
                foreign.json().getString("error"));
        assertTrue(!foreign.body().contains("How to go?"));
        assertEquals(401, export(imageId, "?format=json", null).status());
        Http.Reply pdf = export(imageId, "?format=pdf", alice.token());
        assertEquals(400, pdf.status());
        assertEquals("format must be markdown or json", pdf.json().getString("error"));
    }
}
