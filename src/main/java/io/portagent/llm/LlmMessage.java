package io.portagent.llm;

import java.util.List;
import java.util.Objects;

/**
 * One turn of the conversation sent as context: {@code role} is {@code user} or {@code assistant},
 * {@code content} its blocks in order. A value: equal messages are interchangeable. It also keeps
 * the JSON a protocol last rendered for it ({@link RenderedJson}), so that a long conversation's
 * next request finds each message's JSON on the message itself, without hashing it; not part of
 * its value.
 */
public final class LlmMessage {

    public static final String USER = "user";
    public static final String ASSISTANT = "assistant";

    /** What rendered the message and what it made; immutable, so shared without a lock. */
    private record Rendered(Object by, byte[] json) {
    }

    private final String role;
    private final List<ContentBlock> content;
    private Rendered rendered; // racy on purpose: a thread that misses it renders again

    public LlmMessage(String role, List<ContentBlock> content) {
        Objects.requireNonNull(role, "role");
        if (!USER.equals(role) && !ASSISTANT.equals(role)) {
            throw new IllegalArgumentException("role must be \"user\" or \"assistant\", got \"" + role + "\"");
        }
        this.role = role;
        this.content = List.copyOf(content);
    }

    /** A user message holding one text block. */
    public static LlmMessage user(String text) {
        return new LlmMessage(USER, List.of(new ContentBlock.Text(text)));
    }

    /** An assistant message holding one text block. */
    public static LlmMessage assistant(String text) {
        return new LlmMessage(ASSISTANT, List.of(new ContentBlock.Text(text)));
    }

    public String role() {
        return role;
    }

    public List<ContentBlock> content() {
        return content;
    }

    /** The JSON {@code renderer} made of this message, if it is the last that did; else null. */
    byte[] renderedBy(Object renderer) {
        Rendered last = rendered;
        return last != null && last.by == renderer ? last.json : null;
    }

    void rendered(Object renderer, byte[] json) {
        rendered = new Rendered(renderer, json);
    }

    @Override
    public boolean equals(Object other) {
        return this == other
                || other instanceof LlmMessage message && role.equals(message.role) && content.equals(message.content);
    }

    @Override
    public int hashCode() {
        return 31 * role.hashCode() + content.hashCode();
    }

    @Override
    public String toString() {
        return "LlmMessage[role=" + role + ", content=" + content + "]";
    }
}
