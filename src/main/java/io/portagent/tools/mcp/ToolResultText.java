package io.portagent.tools.mcp;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.spec.McpSchema;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** An MCP tool result as the text the model reads: text parts as they are, other parts named. */
final class ToolResultText {

    private ToolResultText() {
    }

    static String of(McpSchema.CallToolResult result) {
        List<String> parts = new ArrayList<>();
        if (result.content() != null) {
            for (McpSchema.Content content : result.content()) {
                parts.add(part(content));
            }
        }
        if (parts.isEmpty() && result.structuredContent() != null) {
            try {
                parts.add(McpJsonDefaults.getMapper().writeValueAsString(result.structuredContent()));
            } catch (IOException e) {
                parts.add("(structured content that could not be shown)");
            }
        }
        return parts.isEmpty() ? "(no output)" : String.join("\n", parts);
    }

    private static String part(McpSchema.Content content) {
        if (content instanceof McpSchema.TextContent text) {
            return text.text();
        }
        if (content instanceof McpSchema.ImageContent image) {
            return "[image: " + image.mimeType() + "]";
        }
        if (content instanceof McpSchema.AudioContent audio) {
            return "[audio: " + audio.mimeType() + "]";
        }
        if (content instanceof McpSchema.EmbeddedResource embedded) {
            if (embedded.resource() instanceof McpSchema.TextResourceContents text) {
                return text.text();
            }
            return "[resource: " + embedded.resource().uri() + "]";
        }
        if (content instanceof McpSchema.ResourceLink link) {
            return "[resource link: " + link.uri() + "]";
        }
        return "[" + content.type() + "]";
    }
}
