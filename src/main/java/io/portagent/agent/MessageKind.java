package io.portagent.agent;

import io.portagent.store.MessageRecord;
import java.util.Arrays;

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

    static MessageKind of(String wireName) {
        return Arrays.stream(values()).filter(k -> k.wireName.equals(wireName)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown message kind " + wireName));
    }
}
