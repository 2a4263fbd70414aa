package io.portagent.llm.openai;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.portagent.llm.ContentBlock;
import io.portagent.llm.LlmMessage;
import io.portagent.llm.LlmRequest;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.ByteArrayInputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A user message with files becomes Chat Completions content parts; one without stays a string. */
class OpenAiRequestTest {

    private static JsonArray messages(LlmMessage message) {
        byte[] body = OpenAiRequest.render(new LlmRequest("qwen", 10, null, List.of(message), List.of()));
        try (var reader = Json.createReader(new ByteArrayInputStream(body))) {
            return reader.readObject().getJsonArray("messages");
        }
    }

    @Test
    void attachmentsAreImageUrlFileAndTextParts() {
        JsonObject user = messages(new LlmMessage("user", List.of(new ContentBlock.Image("image/gif", "R0lGODlh"),
                new ContentBlock.Document("a.pdf", "application/pdf", "JVBERi0x"),
                new ContentBlock.Document("t.csv", "text/csv", "a,b"), new ContentBlock.Text("Compare.")))).getJsonObject(0);
        JsonArray parts = user.getJsonArray("content");

        assertEquals("image_url", parts.getJsonObject(0).getString("type"));
        assertEquals("data:image/gif;base64,R0lGODlh",
                parts.getJsonObject(0).getJsonObject("image_url").getString("url"));
        assertEquals("file", parts.getJsonObject(1).getString("type"));
        assertEquals("a.pdf", parts.getJsonObject(1).getJsonObject("file").getString("filename"));
        assertEquals("data:application/pdf;base64,JVBERi0x",
                parts.getJsonObject(1).getJsonObject("file").getString("file_data"));
        assertEquals("File t.csv:\na,b", parts.getJsonObject(2).getString("text"));
        assertEquals("Compare.", parts.getJsonObject(3).getString("text"));
        assertEquals(4, parts.size());
    }

    @Test
    void textOnlyStaysAString() {
        assertEquals("Hi", messages(LlmMessage.user("Hi")).getJsonObject(0).getString("content"));
    }
}
