package io.portagent.llm.anthropic;

import io.portagent.llm.ContentBlock;
import io.portagent.llm.Json;
import io.portagent.llm.LlmMessage;
import io.portagent.llm.LlmRequest;
import io.portagent.llm.ToolSpec;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import java.nio.charset.StandardCharsets;

/** Renders an {@link LlmRequest} as the Messages API request body. */
final class AnthropicRequest {

    private AnthropicRequest() {
    }

    /** The UTF-8 body; {@code stream} is always true, empty {@code system} and {@code tools} are left out. */
    static byte[] render(LlmRequest request) {
        JsonObjectBuilder body = Json.PROVIDER.createObjectBuilder()
                .add("model", request.model())
                .add("max_tokens", request.maxTokens())
                .add("stream", true);
        if (request.system() != null && !request.system().isEmpty()) {
            body.add("system", request.system());
        }
        body.add("messages", messages(request));
        if (!request.tools().isEmpty()) {
            body.add("tools", tools(request));
        }
        return body.build().toString().getBytes(StandardCharsets.UTF_8);
    }

    private static JsonArrayBuilder messages(LlmRequest request) {
        JsonArrayBuilder messages = Json.PROVIDER.createArrayBuilder();
        for (LlmMessage message : request.messages()) {
            JsonArrayBuilder content = Json.PROVIDER.createArrayBuilder();
            message.content().forEach(block -> content.add(block(block)));
            messages.add(Json.PROVIDER.createObjectBuilder().add("role", message.role()).add("content", content));
        }
        return messages;
    }

    private static JsonObjectBuilder block(ContentBlock block) {
        JsonObjectBuilder json = Json.PROVIDER.createObjectBuilder();
        if (block instanceof ContentBlock.Text text) {
            return json.add("type", "text").add("text", text.text());
        }
        if (block instanceof ContentBlock.ToolUse use) {
            return json.add("type", "tool_use").add("id", use.id()).add("name", use.name())
                    .add("input", Json.objectOf(use.inputJson(), "tool_use " + use.id() + " input"));
        }
        if (block instanceof ContentBlock.Image image) {
            return json.add("type", "image").add("source", Json.PROVIDER.createObjectBuilder().add("type", "base64")
                    .add("media_type", image.mediaType()).add("data", image.base64()));
        }
        if (block instanceof ContentBlock.Document doc) {
            // a text file is a plain-text document; its own media type (Markdown, CSV) is not one the API takes
            JsonObjectBuilder source = doc.isText()
                    ? Json.PROVIDER.createObjectBuilder().add("type", "text").add("media_type", "text/plain")
                    : Json.PROVIDER.createObjectBuilder().add("type", "base64").add("media_type", doc.mediaType());
            return json.add("type", "document").add("source", source.add("data", doc.data())).add("title", doc.name());
        }
        ContentBlock.ToolResult result = (ContentBlock.ToolResult) block;
        json.add("type", "tool_result").add("tool_use_id", result.toolUseId()).add("content", result.content());
        return result.isError() ? json.add("is_error", true) : json;
    }

    private static JsonArrayBuilder tools(LlmRequest request) {
        JsonArrayBuilder tools = Json.PROVIDER.createArrayBuilder();
        for (ToolSpec tool : request.tools()) {
            tools.add(Json.PROVIDER.createObjectBuilder()
                    .add("name", tool.name())
                    .add("description", tool.description())
                    .add("input_schema", Json.objectOf(tool.inputSchemaJson(), "tool " + tool.name() + " input schema")));
        }
        return tools;
    }
}
