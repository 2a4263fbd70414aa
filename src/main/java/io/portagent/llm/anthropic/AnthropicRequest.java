package io.portagent.llm.anthropic;

import io.portagent.llm.ContentBlock;
import io.portagent.llm.Json;
import io.portagent.llm.LlmMessage;
import io.portagent.llm.LlmRequest;
import io.portagent.llm.RenderedMessages;
import io.portagent.llm.ToolSpec;
import jakarta.json.stream.JsonGenerator;
import java.io.ByteArrayOutputStream;

/**
 * Renders an {@link LlmRequest} as the Messages API request body, written straight to UTF-8 bytes
 * with a streaming generator: a long conversation's context is thousands of blocks, and building a
 * JSON tree of them first, then a string, then its bytes, cost a turn several times as much. Each
 * message's JSON is kept ({@link RenderedMessages}), so the next turn of a conversation renders
 * only its new messages.
 */
final class AnthropicRequest {

    /** About 16 MB of rendered messages, shared by every conversation. */
    static final RenderedMessages RENDERED = new RenderedMessages(16L << 20);

    private AnthropicRequest() {
    }

    /** The UTF-8 body; {@code stream} is always true, empty {@code system} and {@code tools} are left out. */
    static byte[] render(LlmRequest request) {
        Body body = new Body(64 * 1024);
        // the fields before the messages, as one object whose closing brace the messages replace
        body.fields(json -> {
            json.write("model", request.model()).write("max_tokens", request.maxTokens()).write("stream", true);
            if (request.system() != null && !request.system().isEmpty()) {
                json.write("system", request.system());
            }
        });
        body.raw(",\"messages\":[");
        boolean first = true;
        for (LlmMessage message : request.messages()) {
            if (!first) {
                body.raw(",");
            }
            first = false;
            body.writeBytes(RENDERED.get(message, AnthropicRequest::message));
        }
        body.raw("]");
        if (!request.tools().isEmpty()) {
            body.raw(",");
            body.inner(json -> {
                json.writeStartArray("tools");
                for (ToolSpec tool : request.tools()) {
                    json.writeStartObject()
                            .write("name", tool.name())
                            .write("description", tool.description())
                            .write("input_schema", Json.objectOf(tool.inputSchemaJson(), "tool " + tool.name()
                                    + " input schema"))
                            .writeEnd();
                }
                json.writeEnd();
            });
        }
        body.raw("}");
        return body.toByteArray();
    }

    /** One message: {@code {"role":…,"content":[…]}}. */
    static byte[] message(LlmMessage message) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (JsonGenerator json = Json.PROVIDER.createGenerator(bytes)) {
            json.writeStartObject().write("role", message.role()).writeStartArray("content");
            message.content().forEach(block -> block(json, block));
            json.writeEnd().writeEnd();
        }
        return bytes.toByteArray();
    }

    /** A body put together from generated objects and raw JSON punctuation. */
    private static final class Body extends ByteArrayOutputStream {

        Body(int size) {
            super(size);
        }

        /** An object with these fields, left open: its closing brace is dropped. */
        void fields(java.util.function.Consumer<JsonGenerator> fields) {
            generated(fields);
            count--;
        }

        /** These fields without the braces of the object they were generated in. */
        void inner(java.util.function.Consumer<JsonGenerator> fields) {
            int start = count;
            generated(fields);
            System.arraycopy(buf, start + 1, buf, start, count - start - 2);
            count -= 2;
        }

        private void generated(java.util.function.Consumer<JsonGenerator> fields) {
            try (JsonGenerator json = Json.PROVIDER.createGenerator(this)) { // closing a byte array stream does nothing
                json.writeStartObject();
                fields.accept(json);
                json.writeEnd();
            }
        }

        void raw(String ascii) {
            writeBytes(ascii.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
    }

    private static void block(JsonGenerator json, ContentBlock block) {
        json.writeStartObject();
        if (block instanceof ContentBlock.Text text) {
            json.write("type", "text").write("text", text.text());
        } else if (block instanceof ContentBlock.ToolUse use) {
            json.write("type", "tool_use").write("id", use.id()).write("name", use.name())
                    .write("input", Json.objectOf(use.inputJson(), "tool_use " + use.id() + " input"));
        } else if (block instanceof ContentBlock.Image image) {
            json.write("type", "image").writeStartObject("source").write("type", "base64")
                    .write("media_type", image.mediaType()).write("data", image.base64()).writeEnd();
        } else if (block instanceof ContentBlock.Document doc) {
            // a text file is a plain-text document; its own media type (Markdown, CSV) is not one the API takes
            json.write("type", "document").writeStartObject("source")
                    .write("type", doc.isText() ? "text" : "base64")
                    .write("media_type", doc.isText() ? "text/plain" : doc.mediaType())
                    .write("data", doc.data()).writeEnd().write("title", doc.name());
        } else {
            ContentBlock.ToolResult result = (ContentBlock.ToolResult) block;
            json.write("type", "tool_result").write("tool_use_id", result.toolUseId()).write("content", result.content());
            if (result.isError()) {
                json.write("is_error", true);
            }
        }
        json.writeEnd();
    }
}
