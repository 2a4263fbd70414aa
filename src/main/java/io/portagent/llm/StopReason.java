package io.portagent.llm;

/**
 * Why the model stopped, in this application's own words: each provider's client maps its wire
 * names onto these, and only these reach the turn engine, the events and the database.
 */
public enum StopReason {
    /** The model finished its answer. */
    END_TURN("end_turn"),
    /** The model wants tools run and their results sent back. */
    TOOL_USE("tool_use"),
    /** The answer hit the token limit of the request. */
    MAX_TOKENS("max_tokens"),
    /** A stop sequence ended the answer. */
    STOP_SEQUENCE("stop_sequence"),
    /** The provider's filter stopped the answer. */
    REFUSAL("refusal"),
    /** A reason this client does not know; the answer is treated as finished. */
    OTHER("other");

    private final String wireName;

    StopReason(String wireName) {
        this.wireName = wireName;
    }

    /** The name in {@code message_stop} events and the turn's end reason. */
    public String wireName() {
        return wireName;
    }
}
