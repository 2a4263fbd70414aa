package io.portagent.llm;

/**
 * One part of a streamed answer, decoded from the provider's SSE events. Content blocks are
 * numbered by {@code index} in the order they appear; a block's deltas arrive between its start
 * and its {@link BlockStop}. {@code ping} and event types this client does not know are not
 * surfaced: the idle timeout already covers liveness, and unknown types are ignored by contract.
 */
public sealed interface StreamEvent {

    /** {@code message_start}: the provider accepted the request. */
    record MessageStart(String messageId, String model, int inputTokens) implements StreamEvent {
    }

    /** {@code content_block_start} of a text block. */
    record TextStart(int index) implements StreamEvent {
    }

    /** {@code text_delta}: more text of block {@code index}. */
    record TextDelta(int index, String text) implements StreamEvent {
    }

    /** {@code content_block_start} of a {@code tool_use} block. */
    record ToolUseStart(int index, String id, String name) implements StreamEvent {
    }

    /** {@code input_json_delta}: a piece of the tool input; the pieces of a block concatenate to JSON. */
    record InputJsonDelta(int index, String partialJson) implements StreamEvent {
    }

    /** {@code content_block_stop}: block {@code index} is complete. */
    record BlockStop(int index) implements StreamEvent {
    }

    /** {@code message_delta}: why the model stopped ({@code end_turn}, {@code tool_use}, ...; may be null). */
    record MessageDelta(String stopReason, int outputTokens) implements StreamEvent {
    }

    /** {@code message_stop}: the answer is complete; {@link LlmListener#onComplete()} follows. */
    record MessageStop() implements StreamEvent {
    }
}
