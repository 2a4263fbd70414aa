package io.portagent.llm.openai;

import io.portagent.llm.ContentBlock;
import io.portagent.llm.Json;
import io.portagent.llm.JsonBody;
import io.portagent.llm.LlmMessage;
import io.portagent.llm.LlmRequest;
import io.portagent.llm.RenderedJson;
import io.portagent.llm.ToolSpec;
import jakarta.json.stream.JsonGenerator;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders an {@link LlmRequest} as a Chat Completions body. The neutral history translates as
 * the protocol wants it: the system prompt is the first message; an assistant's tool calls are
 * its {@code tool_calls} (input as a JSON string); each tool result is a {@code role: "tool"}
 * message with the call's {@code tool_call_id}, right after the assistant message that made the
 * call (a failed tool's result is marked in its text, as the protocol has no error flag). A user
 * message with attachments is a list of parts: images as {@code image_url} (a data URL), a PDF as
 * a {@code file} part, a text file as a text part headed by its name, then the typed text.
 */
final class OpenAiRequest {

    static final String ERROR_PREFIX = "Error: ";

    private OpenAiRequest() {
    }

    /** About 16 MB of rendered messages, shared by every conversation. */
    static final RenderedJson<LlmMessage> RENDERED = new RenderedJson<>(16L << 20);
    /** The tools' declarations: the same few for every request. */
    static final RenderedJson<ToolSpec> TOOLS = new RenderedJson<>(4L << 20);

    static byte[] render(LlmRequest request) {
        JsonBody body = new JsonBody(1024).open(json -> json
                .write("model", request.model())
                .write("max_tokens", request.maxTokens())
                .write("stream", true)
                .writeStartObject("stream_options").write("include_usage", true).writeEnd());
        List<byte[]> messages = new ArrayList<>();
        if (request.system() != null && !request.system().isEmpty()) {
            messages.add(JsonBody.items(json -> json.writeStartObject().write("role", "system")
                    .write("content", request.system()).writeEnd()));
        }
        messages.addAll(RENDERED.all(request.messages(), OpenAiRequest::message));
        body.array("messages", messages);
        if (!request.tools().isEmpty()) {
            body.array("tools", TOOLS.all(request.tools(), OpenAiRequest::tool));
        }
        return body.finish();
    }

    /** One tool's declaration: {@code {"type":"function","function":{"name":…,"description":…,"parameters":{…}}}}. */
    static byte[] tool(ToolSpec tool) {
        return JsonBody.items(json -> json.writeStartObject().write("type", "function").writeStartObject("function")
                .write("name", tool.name())
                .write("description", tool.description())
                .write("parameters", Json.objectOf(tool.inputSchemaJson(), "tool " + tool.name() + " input schema"))
                .writeEnd().writeEnd());
    }

    /** The Chat Completions messages one neutral message becomes (none for a user message with nothing to say). */
    static byte[] message(LlmMessage message) {
        return JsonBody.items(json -> {
            if (LlmMessage.ASSISTANT.equals(message.role())) {
                assistant(json, message.content());
            } else {
                user(json, message.content());
            }
        });
    }

    private static void assistant(JsonGenerator json, List<ContentBlock> blocks) {
        json.writeStartObject().write("role", "assistant");
        String text = text(blocks);
        List<ContentBlock.ToolUse> calls = blocks.stream().filter(b -> b instanceof ContentBlock.ToolUse)
                .map(b -> (ContentBlock.ToolUse) b).toList();
        if (text.isEmpty() && !calls.isEmpty()) {
            json.writeNull("content");
        } else {
            json.write("content", text);
        }
        if (!calls.isEmpty()) {
            json.writeStartArray("tool_calls");
            for (ContentBlock.ToolUse use : calls) {
                json.writeStartObject().write("id", use.id()).write("type", "function").writeStartObject("function")
                        .write("name", use.name())
                        .write("arguments", Json.objectOf(use.inputJson(), "tool call " + use.id() + " input").toString())
                        .writeEnd().writeEnd();
            }
            json.writeEnd();
        }
        json.writeEnd();
    }

    /** Tool results first, as {@code tool} messages; then the user's text, if any. */
    private static void user(JsonGenerator json, List<ContentBlock> blocks) {
        for (ContentBlock block : blocks) {
            if (block instanceof ContentBlock.ToolResult result) {
                json.writeStartObject().write("role", "tool").write("tool_call_id", result.toolUseId())
                        .write("content", result.isError() ? ERROR_PREFIX + result.content() : result.content())
                        .writeEnd();
            }
        }
        String text = text(blocks);
        if (blocks.stream().anyMatch(b -> b instanceof ContentBlock.Image || b instanceof ContentBlock.Document)) {
            json.writeStartObject().write("role", "user").writeStartArray("content");
            parts(json, blocks, text);
            json.writeEnd().writeEnd();
        } else if (!text.isEmpty()) {
            json.writeStartObject().write("role", "user").write("content", text).writeEnd();
        }
    }

    private static void parts(JsonGenerator json, List<ContentBlock> blocks, String text) {
        for (ContentBlock block : blocks) {
            if (block instanceof ContentBlock.Image image) {
                json.writeStartObject().write("type", "image_url").writeStartObject("image_url")
                        .write("url", dataUrl(image.mediaType(), image.base64())).writeEnd().writeEnd();
            } else if (block instanceof ContentBlock.Document doc && doc.isText()) {
                json.writeStartObject().write("type", "text").write("text", "File " + doc.name() + ":\n" + doc.data())
                        .writeEnd();
            } else if (block instanceof ContentBlock.Document doc) {
                json.writeStartObject().write("type", "file").writeStartObject("file").write("filename", doc.name())
                        .write("file_data", dataUrl(doc.mediaType(), doc.data())).writeEnd().writeEnd();
            }
        }
        if (!text.isEmpty()) {
            json.writeStartObject().write("type", "text").write("text", text).writeEnd();
        }
    }

    private static String dataUrl(String mediaType, String base64) {
        return "data:" + mediaType + ";base64," + base64;
    }

    private static String text(List<ContentBlock> blocks) {
        List<String> parts = new ArrayList<>();
        for (ContentBlock block : blocks) {
            if (block instanceof ContentBlock.Text text) {
                parts.add(text.text());
            }
        }
        return String.join("\n\n", parts);
    }
}
