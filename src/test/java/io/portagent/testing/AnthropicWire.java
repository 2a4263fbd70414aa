package io.portagent.testing;

import io.portagent.testing.StreamPlan.Frame;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.List;

/** The Messages API's events: blocks with start, deltas and stop; message_delta and message_stop. */
final class AnthropicWire implements Wire {

    @Override
    public String validate(JsonObject body) {
        return null;
    }

    @Override
    public String errorBody(String type, String message, String requestId) {
        return AnthropicJson.errorBody(type, message, requestId);
    }

    @Override
    public Frame start(String messageId, String model, int inputTokens) {
        return Frame.event("message_start", AnthropicJson.messageStart(messageId, model, inputTokens));
    }

    @Override
    public Frame error(String type, String message) {
        return Frame.event("error", AnthropicJson.errorEvent(type, message));
    }

    @Override
    public List<Frame> text(int block, List<String> deltas) {
        List<Frame> frames = new ArrayList<>();
        frames.add(Frame.event("content_block_start", AnthropicJson.textBlockStart(block)));
        deltas.forEach(d -> frames.add(Frame.delta(AnthropicJson.textDelta(block, d))));
        frames.add(Frame.event("content_block_stop", AnthropicJson.blockStop(block)));
        return frames;
    }

    @Override
    public List<Frame> reasoning(int block, List<String> deltas) {
        List<Frame> frames = new ArrayList<>();
        frames.add(Frame.event("content_block_start", AnthropicJson.thinkingBlockStart(block)));
        deltas.forEach(d -> frames.add(Frame.delta(AnthropicJson.thinkingDelta(block, d))));
        frames.add(Frame.event("content_block_stop", AnthropicJson.blockStop(block)));
        return frames;
    }

    @Override
    public List<Frame> toolCall(int block, int call, String id, String name, List<String> pieces, boolean whole) {
        List<Frame> frames = new ArrayList<>();
        frames.add(Frame.event("content_block_start", AnthropicJson.toolUseBlockStart(block, id, name)));
        for (String piece : whole ? List.of(String.join("", pieces)) : pieces) {
            frames.add(Frame.delta(AnthropicJson.inputJsonDelta(block, piece)));
        }
        frames.add(Frame.event("content_block_stop", AnthropicJson.blockStop(block)));
        return frames;
    }

    @Override
    public Frame ping() {
        return Frame.event("ping", AnthropicJson.ping());
    }

    @Override
    public List<Frame> end(String stopReason, int inputTokens, int outputTokens) {
        return List.of(Frame.event("message_delta", AnthropicJson.messageDelta(stopReason, outputTokens)),
                Frame.event("message_stop", AnthropicJson.messageStop()));
    }
}
