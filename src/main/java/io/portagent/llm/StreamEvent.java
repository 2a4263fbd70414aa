package io.portagent.llm;

/**
 * One part of a streamed answer, in this application's terms, whatever the provider's wire
 * format. Content blocks are numbered by {@code index} in the order they appear (text and tool
 * calls share one numbering); a block's deltas arrive between its start and its
 * {@link BlockStop}. Keep-alives, reasoning text and events a client does not know are not
 * surfaced: the idle timeout already covers liveness.
 */
public sealed interface StreamEvent {

    /** The provider accepted the request and the answer begins. */
    record MessageStart(String messageId, String model, int inputTokens) implements StreamEvent {
    }

    /** A text block begins. */
    record TextStart(int index) implements StreamEvent {
    }

    /** More text of block {@code index}. */
    record TextDelta(int index, String text) implements StreamEvent {
    }

    /** A tool call begins: its id (echoed with the result) and the tool's name. */
    record ToolUseStart(int index, String id, String name) implements StreamEvent {
    }

    /** A piece of a tool call's input; the pieces of a block concatenate to JSON. */
    record InputJsonDelta(int index, String partialJson) implements StreamEvent {
    }

    /** Block {@code index} is complete. */
    record BlockStop(int index) implements StreamEvent {
    }

    /**
     * The answer's end is near: why the model stopped (null if the provider did not say) and the
     * tokens the provider counted that earlier events did not carry (Anthropic reports input
     * tokens at the start, OpenAI-compatible servers both counts only at the end).
     */
    record MessageDelta(StopReason stopReason, int inputTokens, int outputTokens) implements StreamEvent {
    }

    /** The answer is complete; {@link LlmListener#onComplete()} follows. */
    record MessageStop() implements StreamEvent {
    }
}
