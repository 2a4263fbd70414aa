package io.portagent.llm;

import java.util.List;
import java.util.Objects;

/**
 * One turn of the conversation sent as context.
 *
 * @param role    {@code user} or {@code assistant}
 * @param content the blocks, in order
 */
public record LlmMessage(String role, List<ContentBlock> content) {

    public static final String USER = "user";
    public static final String ASSISTANT = "assistant";

    public LlmMessage {
        Objects.requireNonNull(role, "role");
        if (!USER.equals(role) && !ASSISTANT.equals(role)) {
            throw new IllegalArgumentException("role must be \"user\" or \"assistant\", got \"" + role + "\"");
        }
        content = List.copyOf(content);
    }

    /** A user message holding one text block. */
    public static LlmMessage user(String text) {
        return new LlmMessage(USER, List.of(new ContentBlock.Text(text)));
    }

    /** An assistant message holding one text block. */
    public static LlmMessage assistant(String text) {
        return new LlmMessage(ASSISTANT, List.of(new ContentBlock.Text(text)));
    }
}
