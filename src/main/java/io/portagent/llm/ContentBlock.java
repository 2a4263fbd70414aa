package io.portagent.llm;

import java.util.Objects;

/** One block of a message's content, in the shapes the Messages API accepts in a conversation. */
public sealed interface ContentBlock permits ContentBlock.Text, ContentBlock.ToolUse, ContentBlock.ToolResult {

    /** Plain text, from the user or the assistant. */
    record Text(String text) implements ContentBlock {
        public Text {
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * A tool call the assistant made.
     *
     * @param inputJson the call's input object as JSON text; blank means {@code {}}
     */
    record ToolUse(String id, String name, String inputJson) implements ContentBlock {
        public ToolUse {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(inputJson, "inputJson");
        }
    }

    /** The outcome of a tool call, sent back in a user message. */
    record ToolResult(String toolUseId, String content, boolean isError) implements ContentBlock {
        public ToolResult {
            Objects.requireNonNull(toolUseId, "toolUseId");
            Objects.requireNonNull(content, "content");
        }
    }
}
