package io.portagent.agent;

/** The events of a turn, with their names on the wire (docs/websocket-protocol.md). */
public enum EventType {
    USER_MESSAGE("user_message"),
    MESSAGE_START("message_start"),
    TEXT_DELTA("text_delta"),
    TOOL_USE_START("tool_use_start"),
    TOOL_USE_STOP("tool_use_stop"),
    TOOL_RESULT("tool_result"),
    MESSAGE_STOP("message_stop"),
    USAGE("usage"),
    RETRYING("retrying"),
    ERROR("error"),
    INTERRUPTED("interrupted"),
    CONVERSATION_END("conversation_end");

    private final String wireName;

    EventType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    static EventType of(String wireName) {
        for (EventType type : values()) {
            if (type.wireName.equals(wireName)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown event " + wireName);
    }
}
