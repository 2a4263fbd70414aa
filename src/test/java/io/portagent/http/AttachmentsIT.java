package io.portagent.http;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.testing.FakeOpenAi;
import io.portagent.testing.Http;
import io.portagent.testing.PortagentApp;
import io.portagent.testing.Script;
import io.portagent.testing.TestUsers.User;
import io.portagent.testing.TwoProviders;
import io.portagent.testing.WsClient;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Attachments through the real WAR: uploaded over HTTP or inline in the frame, checked (type,
 * magic number, ATTACHMENT_MAX_BYTES), kept in the workspace, and what each provider's fake
 * server receives (which refuses a file part that is not what it says, as the real APIs do).
 */
class AttachmentsIT {

    static final FakeOpenAi OPENAI = FakeOpenAi.start();
    static final int LIMIT = 64 * 1024;
    static final HttpClient CLIENT = HttpClient.newHttpClient();

    @RegisterExtension
    static final PortagentApp app = PortagentApp.with(TwoProviders.settings(OPENAI)
            .set("ATTACHMENT_MAX_BYTES", Integer.toString(LIMIT)));

    static byte[] png() {
        BufferedImage image = new BufferedImage(3, 2, BufferedImage.TYPE_INT_RGB);
        image.setRGB(1, 1, 0xFF0000);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(image, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    static final byte[] PDF = "%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n"
            .getBytes(StandardCharsets.US_ASCII);

    static Http.Reply upload(User user, String imageId, String name, String type, byte[] bytes) {
        return Http.send(HttpRequest.newBuilder(app.uri("api/conversations/" + imageId + "/attachments?name="
                + URLEncoder.encode(name, StandardCharsets.UTF_8))).header("Authorization", "Bearer " + user.token())
                .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofByteArray(bytes)));
    }

    static HttpResponse<byte[]> download(User user, String imageId, String attachmentId) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(app.uri("api/conversations/" + imageId + "/attachments/"
                + attachmentId)).header("Authorization", "Bearer " + user.token()).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    static String create(WsClient ws, String model) {
        JsonObjectBuilder data = Json.createObjectBuilder().add("name", "Files");
        if (model != null) {
            data.add("model", model);
        }
        return ws.request("image_create", data).getJsonObject("data").getJsonObject("image").getString("imageId");
    }

    static JsonObject send(WsClient ws, String imageId, String text, JsonArray attachments) {
        return ws.request("message_send", Json.createObjectBuilder().add("imageId", imageId).add("content", text)
                .add("attachments", attachments));
    }

    /** The last user message the Anthropic fake received, as its content blocks. */
    static JsonArray lastUserBlocks(JsonObject body) {
        JsonArray messages = body.getJsonArray("messages");
        return messages.getJsonObject(messages.size() - 1).getJsonArray("content");
    }

    @Test
    void anUploadedImageAndAnInlineTextFileReachAnthropicAsImageAndDocumentBlocks() throws Exception {
        User alice = app.newUser();
        byte[] png = png();
        try (WsClient ws = app.connect(alice)) {
            String imageId = create(ws, null);
            Http.Reply up = upload(alice, imageId, "dot.png", "image/png", png);
            assertEquals(201, up.status(), up.body());
            String attachmentId = up.json().getString("attachmentId");
            assertEquals(png.length, up.json().getInt("size"));
            ws.request("subscribe", Json.createObjectBuilder().add("imageId", imageId));
            app.model().enqueue(Script.text("A red dot."));
            JsonObject sent = send(ws, imageId, "What is in these?", Json.createArrayBuilder()
                    .add(Json.createObjectBuilder().add("attachmentId", attachmentId))
                    .add(Json.createObjectBuilder().add("name", "notes.md").add("mediaType", "text/markdown")
                            .add("data", Base64.getEncoder().encodeToString("# Notes\nred".getBytes(
                                    StandardCharsets.UTF_8)))).build());
            assertFalse(sent.containsKey("error"), sent.toString());
            ws.awaitEvent("conversation_end");
            assertTrue(ws.events().stream().noneMatch(e -> "error".equals(e.getString("type"))), ws.events().toString());

            JsonArray blocks = lastUserBlocks(app.model().lastRequest().bodyJson());
            assertEquals(3, blocks.size(), blocks.toString());
            JsonObject image = blocks.getJsonObject(0);
            assertEquals("image", image.getString("type"));
            assertEquals("image/png", image.getJsonObject("source").getString("media_type"));
            assertArrayEquals(png, Base64.getDecoder().decode(image.getJsonObject("source").getString("data")));
            JsonObject doc = blocks.getJsonObject(1);
            assertEquals("document", doc.getString("type"));
            assertEquals("notes.md", doc.getString("title"));
            assertEquals("# Notes\nred", doc.getJsonObject("source").getString("data"));
            assertEquals("What is in these?", blocks.getJsonObject(2).getString("text"));

            JsonObject user = ws.request("image_messages", Json.createObjectBuilder().add("imageId", imageId))
                    .getJsonObject("data").getJsonArray("messages").getJsonObject(0);
            JsonArray listed = user.getJsonArray("attachments");
            assertEquals(2, listed.size(), user.toString());
            assertEquals("dot.png", listed.getJsonObject(0).getString("name"));
            assertEquals("text/markdown", listed.getJsonObject(1).getString("mediaType"));

            HttpResponse<byte[]> back = download(alice, imageId, attachmentId);
            assertEquals(200, back.statusCode());
            assertArrayEquals(png, back.body());
            assertEquals("image/png", back.headers().firstValue("Content-Type").orElse(""));
            Path stored = app.dataDir().resolve("containers").resolve(alice.containerId()).resolve("workdirs")
                    .resolve(imageId).resolve("attachments").resolve(attachmentId).resolve("dot.png");
            assertArrayEquals(png, Files.readAllBytes(stored), "kept in the conversation's workspace");

            JsonObject again = send(ws, imageId, "Once more", Json.createArrayBuilder()
                    .add(Json.createObjectBuilder().add("attachmentId", attachmentId)).build());
            assertEquals("attachment_not_found", again.getJsonObject("error").getString("code"), "sent only once");
        }
    }

    @Test
    void anOpenAiCompatibleModelGetsImageUrlAndFileParts() {
        User bea = app.newUser();
        byte[] png = png();
        try (WsClient ws = app.connect(bea)) {
            String imageId = create(ws, TwoProviders.OPENAI_MODEL);
            String pdfId = upload(bea, imageId, "paper.pdf", "application/pdf", PDF).json().getString("attachmentId");
            ws.request("subscribe", Json.createObjectBuilder().add("imageId", imageId));
            OPENAI.enqueue(Script.text("Seen."));
            send(ws, imageId, "Both?", Json.createArrayBuilder()
                    .add(Json.createObjectBuilder().add("name", "dot.png").add("mediaType", "image/png")
                            .add("data", Base64.getEncoder().encodeToString(png)))
                    .add(Json.createObjectBuilder().add("attachmentId", pdfId)).build());
            ws.awaitEvent("conversation_end");
            assertTrue(ws.events().stream().noneMatch(e -> "error".equals(e.getString("type"))), ws.events().toString());
        }
        JsonArray messages = OPENAI.lastRequest().bodyJson().getJsonArray("messages");
        JsonArray parts = messages.getJsonObject(messages.size() - 1).getJsonArray("content");
        assertEquals("data:image/png;base64," + Base64.getEncoder().encodeToString(png),
                parts.getJsonObject(0).getJsonObject("image_url").getString("url"));
        assertEquals("paper.pdf", parts.getJsonObject(1).getJsonObject("file").getString("filename"));
        assertEquals("data:application/pdf;base64," + Base64.getEncoder().encodeToString(PDF),
                parts.getJsonObject(1).getJsonObject("file").getString("file_data"));
        assertEquals("Both?", parts.getJsonObject(2).getString("text"));
    }

    @Test
    void wrongBytesUnknownTypesAndOversizedFilesAreRefusedWithASentence() {
        User carl = app.newUser();
        try (WsClient ws = app.connect(carl)) {
            String imageId = create(ws, null);
            Http.Reply disguised = upload(carl, imageId, "cat.jpg", "image/jpeg", PDF);
            assertEquals(415, disguised.status());
            assertEquals("\"cat.jpg\" is not a JPEG file: its content does not match the declared type image/jpeg.",
                    disguised.json().getString("error"));
            Http.Reply exe = upload(carl, imageId, "run.exe", "application/x-msdownload", new byte[] {'M', 'Z'});
            assertEquals(415, exe.status());
            assertTrue(exe.json().getString("error").startsWith("Only images (PNG, JPEG, GIF, WebP), PDF and text"));
            Http.Reply big = upload(carl, imageId, "big.txt", "text/plain", "a".repeat(LIMIT + 1)
                    .getBytes(StandardCharsets.US_ASCII));
            assertEquals(413, big.status());
            assertEquals("\"big.txt\" is larger than the limit of 65536 bytes a file (ATTACHMENT_MAX_BYTES).",
                    big.json().getString("error"));

            JsonObject inline = send(ws, imageId, "look", Json.createArrayBuilder().add(Json.createObjectBuilder()
                    .add("name", "fake.png").add("mediaType", "image/png")
                    .add("data", Base64.getEncoder().encodeToString(PDF))).build());
            assertEquals("attachment_mismatch", inline.getJsonObject("error").getString("code"));
            JsonArray messages = ws.request("image_messages", Json.createObjectBuilder().add("imageId", imageId))
                    .getJsonObject("data").getJsonArray("messages");
            assertEquals(0, messages.size(), "a refused send stores nothing");
        }
    }

    /** Another user's conversation and files answer as missing ones do, on every way in. */
    @Test
    void anotherUsersConversationAndFilesAreOutOfReach() throws Exception {
        User owner = app.newUser();
        User other = app.newUser();
        String imageId;
        String attachmentId;
        try (WsClient ws = app.connect(owner)) {
            imageId = create(ws, null);
            attachmentId = upload(owner, imageId, "dot.png", "image/png", png()).json().getString("attachmentId");
        }
        assertEquals(404, upload(other, imageId, "x.txt", "text/plain", "hi".getBytes(StandardCharsets.US_ASCII))
                .status());
        assertEquals(404, download(other, imageId, attachmentId).statusCode());
        try (WsClient ws = app.connect(other)) {
            String own = create(ws, null);
            JsonObject stolen = send(ws, own, "mine now", Json.createArrayBuilder()
                    .add(Json.createObjectBuilder().add("attachmentId", attachmentId)).build());
            assertEquals("attachment_not_found", stolen.getJsonObject("error").getString("code"));
            assertEquals(404, download(other, own, attachmentId).statusCode());
        }
        assertEquals(200, download(owner, imageId, attachmentId).statusCode(), "still the owner's");
    }
}
