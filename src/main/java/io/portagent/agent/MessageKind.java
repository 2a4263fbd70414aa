package io.portagent.agent;

import io.portagent.store.MessageRecord;

/**
 * What a stored message is, with its wire name (the {@code subtype} of docs/websocket-protocol.md
 * and of {@code messages.subtype}) and the role it has in the conversation.
 */
public enum MessageKind {
    USER("user", "user"),
    ASSISTANT("assistant", "assistant"),
    TOOL_CALL("tool-call", "assistant"),
    TOOL_RESULT("tool-result", "user"),
    ERROR("error", "system");

    private static final MessageKind[] KINDS = values();

    private final String wireName;
    private final String role;

    MessageKind(String wireName, String role) {
        this.wireName = wireName;
        this.role = role;
    }

    public String wireName() {
        return wireName;
    }

    public String role() {
        return role;
    }

    /** A message of this kind in a turn, as {@code messages} stores it. */
    MessageRecord record(String id, String content, EventContext context, long timestamp) {
        return new MessageRecord(id, context.sessionId(), role, wireName, content, timestamp, context.turnId());
    }

    /** Read for every stored message of every turn's context: a plain loop, no stream. */
    static MessageKind of(String wireName) {
        for (MessageKind kind : KINDS) {
            if (kind.wireName.equals(wireName)) {
                return kind;
            }
        }
        throw new IllegalArgumentException("unknown message kind " + wireName);
    }
}
