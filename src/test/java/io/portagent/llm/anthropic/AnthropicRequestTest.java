package io.portagent.llm.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.llm.ContentBlock;
import io.portagent.llm.LlmMessage;
import io.portagent.llm.LlmRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
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

    private static String render(List<ContentBlock> content) {
        LlmRequest request = new LlmRequest(MODEL, 10, null,
                List.of(new LlmMessage("assistant", content)), List.of());
        return new String(AnthropicRequest.render(request), StandardCharsets.UTF_8);
    }
}
