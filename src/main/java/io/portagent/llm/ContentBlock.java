package io.portagent.llm;

import java.util.Objects;

/** One block of a message's content, in the shapes the Messages API accepts in a conversation. */
public sealed interface ContentBlock permits ContentBlock.Text, ContentBlock.ToolUse, ContentBlock.ToolResult,
        ContentBlock.Image, ContentBlock.Document {

    /** Plain text, from the user or the assistant. */
    record Text(String text) implements ContentBlock {
        public Text {
            Objects.requireNonNull(text, "text");
        }

        // written out for the reason LlmMessage's are

        @Override
        public boolean equals(Object other) {
            return this == other || other instanceof Text t && text.equals(t.text);
        }

        @Override
        public int hashCode() {
            return text.hashCode();
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

    /** An image the user attached: PNG, JPEG, GIF or WebP, as base64. */
    record Image(String mediaType, String base64) implements ContentBlock {
        public Image {
            Objects.requireNonNull(mediaType, "mediaType");
            Objects.requireNonNull(base64, "base64");
        }
    }

    /**
     * A file the user attached: a PDF ({@code data} is base64) or a text file ({@code data} is its
     * text, {@link #isText()}); {@code name} is the file's name, for the model to refer to.
     */
    record Document(String name, String mediaType, String data) implements ContentBlock {
        public Document {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(mediaType, "mediaType");
            Objects.requireNonNull(data, "data");
        }

        public boolean isText() {
            return mediaType.startsWith("text/");
        }
    }
}
