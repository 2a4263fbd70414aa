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
 * call (a failed tool's result is marked in its text, as the protocol has no error flag).
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
        if (!text.isEmpty()) {
            messages.add(message("user").add("content", text));
        }
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
