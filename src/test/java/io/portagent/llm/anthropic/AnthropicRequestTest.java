package io.portagent.llm.anthropic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.llm.ContentBlock;
import io.portagent.llm.LlmMessage;
import io.portagent.llm.LlmRequest;
import io.portagent.llm.ToolSpec;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Proves request rendering details the end-to-end request test does not reach. */
class AnthropicRequestTest {

    private static final String MODEL = "claude-sonnet-4-20250514";

    @Test
    void blankToolInputIsSentAsAnEmptyObject() {
        String body = render(List.of(new ContentBlock.ToolUse("toolu_1", "now", "")));

        assertTrue(body.contains("\"input\":{}"), body);
    }

    @Test
    void toolInputThatIsNotAJsonObjectIsRejectedBeforeSending() {
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> render(List.of(new ContentBlock.ToolUse("toolu_1", "now", "{\"truncated"))));
        assertTrue(bad.getMessage().startsWith("The tool_use toolu_1 input is not valid JSON"), bad.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> render(List.of(new ContentBlock.ToolUse("toolu_1", "now", "[1,2]"))));
    }

    @Test
    void textIsEscapedAsJson() {
        String body = render(List.of(new ContentBlock.Text("quote \" backslash \\ newline \n tab \t")));

        assertTrue(body.contains("\"text\":\"quote \\\" backslash \\\\ newline \\n tab \\t\""), body);
    }

    @Test
    void fieldsComeInTheDocumentedOrder() {
        String body = new String(AnthropicRequest.render(new LlmRequest(MODEL, 1024, "Be brief.",
                List.of(LlmMessage.user("Hi")), List.of())), StandardCharsets.UTF_8);

        assertEquals("{\"model\":\"" + MODEL + "\",\"max_tokens\":1024,\"stream\":true,\"system\":\"Be brief.\","
                + "\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"Hi\"}]}]}", body);
    }

    /** An image, a PDF and a text file become image and document blocks before the typed text. */
    @Test
    void attachmentsAreImageAndDocumentBlocks() {
        String body = new String(AnthropicRequest.render(new LlmRequest(MODEL, 10, null, List.of(new LlmMessage(
                "user", List.of(new ContentBlock.Image("image/png", "iVBORw0K"),
                        new ContentBlock.Document("a.pdf", "application/pdf", "JVBERi0x"),
                        new ContentBlock.Document("notes.md", "text/markdown", "# Notes"),
                        new ContentBlock.Text("What is this?")))), List.of())), StandardCharsets.UTF_8);

        assertTrue(body.contains("\"content\":[{\"type\":\"image\",\"source\":{\"type\":\"base64\","
                + "\"media_type\":\"image/png\",\"data\":\"iVBORw0K\"}},{\"type\":\"document\",\"source\":"
                + "{\"type\":\"base64\",\"media_type\":\"application/pdf\",\"data\":\"JVBERi0x\"},\"title\":"
                + "\"a.pdf\"},{\"type\":\"document\",\"source\":{\"type\":\"text\",\"media_type\":\"text/plain\","
                + "\"data\":\"# Notes\"},\"title\":\"notes.md\"},{\"type\":\"text\",\"text\":\"What is this?\"}]"),
                body);
    }

    @Test
    void eachToolIsDeclaredByValueAsItIsNowNotAsAnEarlierRequestHadIt() {
        List<LlmMessage> history = List.of(LlmMessage.user("Hi"));
        ToolSpec readFile = new ToolSpec("read_file", "Reads a file", "{\"type\":\"object\"}");
        ToolSpec changed = new ToolSpec("read_file", "Reads \"a\" file, \u00e9",
                "{\"type\":\"object\",\"required\":[\"path\"]}");
        AnthropicRequest.render(new LlmRequest(MODEL, 10, null, history, List.of(readFile)));
        JsonArray tools = parse(AnthropicRequest.render(new LlmRequest(MODEL, 10, null, history,
                List.of(changed, readFile)))).getJsonArray("tools");
        assertEquals(2, tools.size());
        assertEquals("Reads \"a\" file, \u00e9", tools.getJsonObject(0).getString("description"));
        assertEquals("path", tools.getJsonObject(0).getJsonObject("input_schema").getJsonArray("required")
                .getString(0));
        assertEquals("Reads a file", tools.getJsonObject(1).getString("description"));
        assertFalse(tools.getJsonObject(1).getJsonObject("input_schema").containsKey("required"));
        assertFalse(parse(AnthropicRequest.render(new LlmRequest(MODEL, 10, null, history, List.of())))
                .containsKey("tools"), "no tools: no tools array");
    }

    @Test
    void aRepeatedHistoryRendersTheSameBytesAndAChangedMessageAnew() {
        Random random = new Random(5);
        List<LlmMessage> history = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            history.add(i % 2 == 0 ? new LlmMessage("user", List.of(new ContentBlock.Text(text(random))))
                    : new LlmMessage("assistant", List.of(new ContentBlock.Text(text(random)),
                            new ContentBlock.ToolUse("toolu_" + i, "read_file", "{\"path\":\"" + i + "\"}"))));
        }
        List<ToolSpec> tools = List.of(new ToolSpec("read_file", "Reads \"a\" file", "{\"type\":\"object\"}"));
        LlmRequest request = new LlmRequest(MODEL, 1024, "Be brief.", history, tools);
        byte[] first = AnthropicRequest.render(request);
        byte[] again = AnthropicRequest.render(new LlmRequest(MODEL, 1024, "Be brief.", List.copyOf(history), tools));
        assertArrayEquals(first, again, "the kept messages give the same body");

        JsonObject body = parse(first);
        assertEquals(MODEL, body.getString("model"));
        assertEquals(1024, body.getInt("max_tokens"));
        assertTrue(body.getBoolean("stream"));
        assertEquals("Be brief.", body.getString("system"));
        assertEquals("Reads \"a\" file", body.getJsonArray("tools").getJsonObject(0).getString("description"));
        JsonArray messages = body.getJsonArray("messages");
        assertEquals(history.size(), messages.size());
        for (int i = 0; i < history.size(); i++) {
            ContentBlock.Text text = (ContentBlock.Text) history.get(i).content().get(0);
            assertEquals(text.text(), messages.getJsonObject(i).getJsonArray("content").getJsonObject(0).getString("text"));
        }

        List<LlmMessage> edited = new ArrayList<>(history);
        edited.set(3, new LlmMessage("assistant", List.of(new ContentBlock.Text("another answer"))));
        JsonArray renderedAgain = parse(AnthropicRequest.render(new LlmRequest(MODEL, 1024, null, edited, List.of())))
                .getJsonArray("messages");
        assertEquals("another answer", renderedAgain.getJsonObject(3).getJsonArray("content").getJsonObject(0)
                .getString("text"));
        assertEquals(1, renderedAgain.getJsonObject(3).getJsonArray("content").size());
    }

    private static JsonObject parse(byte[] body) {
        return Json.createReader(new StringReader(new String(body, StandardCharsets.UTF_8))).readObject();
    }

    private static final String[] PIECES = {"a", "b", "\"", "\\", "\n", "\t", "é", "€", "😀", " "};

    private static String text(Random random) {
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(300); i >= 0; i--) {
            text.append(PIECES[random.nextInt(PIECES.length)]);
        }
        return text.toString();
    }

    private static String render(List<ContentBlock> content) {
        LlmRequest request = new LlmRequest(MODEL, 10, null,
                List.of(new LlmMessage("assistant", content)), List.of());
        return new String(AnthropicRequest.render(request), StandardCharsets.UTF_8);
    }
}
