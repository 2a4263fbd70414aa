package io.portagent.llm.anthropic;

import io.portagent.llm.ContentBlock;
import io.portagent.llm.Json;
import io.portagent.llm.JsonBody;
import io.portagent.llm.LlmMessage;
import io.portagent.llm.LlmRequest;
import io.portagent.llm.RenderedJson;
import io.portagent.llm.ToolSpec;
import jakarta.json.stream.JsonGenerator;

/**
 * Renders an {@link LlmRequest} as the Messages API request body, written straight to UTF-8 bytes
 * with a streaming generator: a long conversation's context is thousands of blocks, and building a
 * JSON tree of them first, then a string, then its bytes, cost a turn several times as much. Each
 * message's JSON is kept ({@link RenderedJson}), so the next turn of a conversation renders
 * only its new messages; each tool's declaration is kept the same way.
 */
final class AnthropicRequest {

    /** About 16 MB of rendered messages, shared by every conversation. */
    static final RenderedJson<LlmMessage> RENDERED = new RenderedJson<>(16L << 20);
    /** The tools' declarations: the same few for every request. */
    static final RenderedJson<ToolSpec> TOOLS = new RenderedJson<>(4L << 20);

    private AnthropicRequest() {
    }

    /** The UTF-8 body; {@code stream} is always true, empty {@code system} and {@code tools} are left out. */
    static byte[] render(LlmRequest request) {
        JsonBody body = new JsonBody(1024).open(json -> {
            json.write("model", request.model()).write("max_tokens", request.maxTokens()).write("stream", true);
            if (request.system() != null && !request.system().isEmpty()) {
                json.write("system", request.system());
            }
        });
        body.array("messages", RENDERED.all(request.messages(), AnthropicRequest::message));
        if (!request.tools().isEmpty()) {
            body.array("tools", TOOLS.all(request.tools(), AnthropicRequest::tool));
        }
        return body.finish();
    }

    /** One tool's declaration: {@code {"name":…,"description":…,"input_schema":{…}}}. */
    static byte[] tool(ToolSpec tool) {
        return JsonBody.items(json -> json.writeStartObject()
                .write("name", tool.name())
                .write("description", tool.description())
                .write("input_schema", Json.objectOf(tool.inputSchemaJson(), "tool " + tool.name() + " input schema"))
                .writeEnd());
    }

    /** One message: {@code {"role":…,"content":[…]}}. */
    static byte[] message(LlmMessage message) {
        return JsonBody.items(json -> {
            json.writeStartObject().write("role", message.role()).writeStartArray("content");
            message.content().forEach(block -> block(json, block));
            json.writeEnd().writeEnd();
        });
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
