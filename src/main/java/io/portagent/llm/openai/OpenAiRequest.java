package io.portagent.llm.openai;

import io.portagent.llm.ContentBlock;
import io.portagent.llm.Json;
import io.portagent.llm.LlmMessage;
import io.portagent.llm.LlmRequest;
import io.portagent.llm.ToolSpec;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.nio.charset.StandardCharsets;
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

    static byte[] render(LlmRequest request) {
        JsonObjectBuilder body = Json.PROVIDER.createObjectBuilder()
                .add("model", request.model())
                .add("max_tokens", request.maxTokens())
                .add("stream", true)
                .add("stream_options", Json.PROVIDER.createObjectBuilder().add("include_usage", true))
                .add("messages", messages(request));
        if (!request.tools().isEmpty()) {
            body.add("tools", tools(request));
        }
        return body.build().toString().getBytes(StandardCharsets.UTF_8);
    }

    private static JsonArrayBuilder messages(LlmRequest request) {
        JsonArrayBuilder messages = Json.PROVIDER.createArrayBuilder();
        if (request.system() != null && !request.system().isEmpty()) {
            messages.add(message("system").add("content", request.system()));
        }
        for (LlmMessage message : request.messages()) {
            if (LlmMessage.ASSISTANT.equals(message.role())) {
                messages.add(assistant(message.content()));
            } else {
                user(message.content(), messages);
            }
        }
        return messages;
    }

    private static JsonObjectBuilder assistant(List<ContentBlock> blocks) {
        JsonObjectBuilder message = message("assistant");
        String text = text(blocks);
        JsonArrayBuilder calls = Json.PROVIDER.createArrayBuilder();
        boolean anyCall = false;
        for (ContentBlock block : blocks) {
            if (block instanceof ContentBlock.ToolUse use) {
                anyCall = true;
                calls.add(Json.PROVIDER.createObjectBuilder().add("id", use.id()).add("type", "function")
                        .add("function", Json.PROVIDER.createObjectBuilder().add("name", use.name()).add("arguments",
                                Json.objectOf(use.inputJson(), "tool call " + use.id() + " input").toString())));
            }
        }
        if (text.isEmpty() && anyCall) {
            message.addNull("content");
        } else {
            message.add("content", text);
        }
        return anyCall ? message.add("tool_calls", calls) : message;
    }

    /** Tool results first, as {@code tool} messages; then the user's text, if any. */
    private static void user(List<ContentBlock> blocks, JsonArrayBuilder messages) {
        for (ContentBlock block : blocks) {
            if (block instanceof ContentBlock.ToolResult result) {
                messages.add(message("tool").add("tool_call_id", result.toolUseId())
                        .add("content", result.isError() ? ERROR_PREFIX + result.content() : result.content()));
            }
        }
        String text = text(blocks);
        if (blocks.stream().anyMatch(b -> b instanceof ContentBlock.Image || b instanceof ContentBlock.Document)) {
            messages.add(message("user").add("content", parts(blocks, text)));
        } else if (!text.isEmpty()) {
            messages.add(message("user").add("content", text));
        }
    }

    private static JsonArrayBuilder parts(List<ContentBlock> blocks, String text) {
        JsonArrayBuilder parts = Json.PROVIDER.createArrayBuilder();
        for (ContentBlock block : blocks) {
            if (block instanceof ContentBlock.Image image) {
                parts.add(part("image_url").add("image_url", Json.PROVIDER.createObjectBuilder()
                        .add("url", dataUrl(image.mediaType(), image.base64()))));
            } else if (block instanceof ContentBlock.Document doc && doc.isText()) {
                parts.add(part("text").add("text", "File " + doc.name() + ":\n" + doc.data()));
            } else if (block instanceof ContentBlock.Document doc) {
                parts.add(part("file").add("file", Json.PROVIDER.createObjectBuilder().add("filename", doc.name())
                        .add("file_data", dataUrl(doc.mediaType(), doc.data()))));
            }
        }
        if (!text.isEmpty()) {
            parts.add(part("text").add("text", text));
        }
        return parts;
    }

    private static JsonObjectBuilder part(String type) {
        return Json.PROVIDER.createObjectBuilder().add("type", type);
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

    private static JsonArrayBuilder tools(LlmRequest request) {
        JsonArrayBuilder tools = Json.PROVIDER.createArrayBuilder();
        for (ToolSpec tool : request.tools()) {
            tools.add(Json.PROVIDER.createObjectBuilder().add("type", "function").add("function",
                    Json.PROVIDER.createObjectBuilder()
                            .add("name", tool.name())
                            .add("description", tool.description())
                            .add("parameters", Json.objectOf(tool.inputSchemaJson(),
                                    "tool " + tool.name() + " input schema"))));
        }
        return tools;
    }

    private static JsonObjectBuilder message(String role) {
        return Json.PROVIDER.createObjectBuilder().add("role", role);
    }
}
