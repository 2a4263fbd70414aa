package io.portagent.llm.openai;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.portagent.llm.ContentBlock;
import io.portagent.llm.LlmMessage;
import io.portagent.llm.LlmRequest;
import io.portagent.llm.ToolSpec;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
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
    void eachToolIsDeclaredByValueAsItIsNowNotAsAnEarlierRequestHadIt() {
        List<LlmMessage> history = List.of(LlmMessage.user("Hi"));
        ToolSpec now = new ToolSpec("now", "The time", "{\"type\":\"object\"}");
        ToolSpec changed = new ToolSpec("now", "The time in UTC",
                "{\"type\":\"object\",\"properties\":{\"tz\":{\"type\":\"string\"}}}");
        ToolSpec other = new ToolSpec("read_file", "Reads a file", "{\"type\":\"object\"}");
        OpenAiRequest.render(new LlmRequest("qwen", 10, null, history, List.of(now)));
        JsonArray tools = parse(OpenAiRequest.render(new LlmRequest("qwen", 10, null, history, List.of(changed, other))))
                .getJsonArray("tools");
        assertEquals(2, tools.size());
        JsonObject first = tools.getJsonObject(0).getJsonObject("function");
        assertEquals("The time in UTC", first.getString("description"));
        assertEquals("string", first.getJsonObject("parameters").getJsonObject("properties").getJsonObject("tz")
                .getString("type"));
        assertEquals("read_file", tools.getJsonObject(1).getJsonObject("function").getString("name"));
        assertEquals("now", parse(OpenAiRequest.render(new LlmRequest("qwen", 10, null, history, List.of(now))))
                .getJsonArray("tools").getJsonObject(0).getJsonObject("function").getString("name"));
        assertFalse(parse(OpenAiRequest.render(new LlmRequest("qwen", 10, null, history, List.of())))
                .containsKey("tools"), "no tools: no tools array");
    }

    private static JsonObject parse(byte[] body) {
        try (var reader = Json.createReader(new ByteArrayInputStream(body))) {
            return reader.readObject();
        }
    }

    @Test
    void aRepeatedHistoryRendersTheSameBytesInTheProtocolsShape() {
        List<LlmMessage> history = List.of(LlmMessage.user("What \"time\" is it? 😀"),
                new LlmMessage("assistant", List.of(new ContentBlock.ToolUse("call_1", "now", "{\"tz\":\"UTC\"}"))),
                new LlmMessage("user", List.of(new ContentBlock.ToolResult("call_1", "12:00", false),
                        new ContentBlock.ToolResult("call_2", "no clock", true), new ContentBlock.Text(""))),
                new LlmMessage("assistant", List.of(new ContentBlock.Text("Noon."))));
        List<ToolSpec> tools = List.of(new ToolSpec("now", "The time", "{\"type\":\"object\"}"));
        byte[] first = OpenAiRequest.render(new LlmRequest("qwen", 10, "Be brief.", history, tools));
        byte[] again = OpenAiRequest.render(new LlmRequest("qwen", 10, "Be brief.", List.copyOf(history), tools));
        assertArrayEquals(first, again, "the kept messages give the same body");
        JsonObject body;
        try (var reader = Json.createReader(new ByteArrayInputStream(first))) {
            body = reader.readObject();
        }
        assertEquals(10, body.getInt("max_tokens"));
        assertEquals(true, body.getJsonObject("stream_options").getBoolean("include_usage"));
        assertEquals("function", body.getJsonArray("tools").getJsonObject(0).getString("type"));
        JsonArray messages = body.getJsonArray("messages");
        assertEquals(List.of("system", "user", "assistant", "tool", "tool", "assistant"),
                messages.getValuesAs(JsonObject.class).stream().map(m -> m.getString("role")).toList(),
                "a user message of tool results alone adds no user message");
        assertEquals("What \"time\" is it? 😀", messages.getJsonObject(1).getString("content"));
        assertEquals(JsonValue.NULL, messages.getJsonObject(2).get("content"));
        assertEquals("{\"tz\":\"UTC\"}", messages.getJsonObject(2).getJsonArray("tool_calls").getJsonObject(0)
                .getJsonObject("function").getString("arguments"));
        assertEquals("Error: no clock", messages.getJsonObject(4).getString("content"));
        assertEquals("Noon.", messages.getJsonObject(5).getString("content"));
    }

    @Test
    void textOnlyStaysAString() {
        assertEquals("Hi", messages(LlmMessage.user("Hi")).getJsonObject(0).getString("content"));
    }
}
