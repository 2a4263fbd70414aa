package io.portagent.llm.openai;

import io.portagent.llm.Json;
import io.portagent.llm.ProviderDataException;
import io.portagent.llm.StopReason;
import io.portagent.llm.StreamDecoder;
import io.portagent.llm.StreamEvent;
import jakarta.json.JsonArray;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a Chat Completions stream ({@code chat.completion.chunk}s until {@code data: [DONE]}) into
 * neutral events. The protocol has no block boundaries, so this decoder keeps them: the text is
 * one block, each tool call (by its {@code index}) another, numbered as they first appear; all
 * stop at {@code [DONE]}, followed by the stop reason and the usage the last chunks carried.
 * Arguments may arrive in pieces or whole in one chunk (as Ollama sends them). Reasoning deltas
 * ({@code reasoning_content}, {@code reasoning}) are not answer text and are left out. One
 * decoder per response.
 */
final class OpenAiDecoder implements StreamDecoder {

    private static final byte[] DONE = "[DONE]".getBytes(StandardCharsets.US_ASCII);

    private final Map<Integer, Integer> toolBlocks = new LinkedHashMap<>();
    private final List<Integer> openBlocks = new ArrayList<>();
    private boolean started;
    private int textBlock = -1;
    private int nextBlock;
    private String finishReason;
    private int inputTokens;
    private int outputTokens;

    @Override
    public void onEvent(String event, byte[] data, int length, Sink sink) throws ProviderDataException {
        if (isDone(data, length)) {
            finish(sink);
            return;
        }
        JsonObject chunk = parse(data, length);
        JsonObject error = OpenAiErrors.errorOf(chunk);
        if (error != null) {
            sink.failed(OpenAiErrors.fromStream(error));
            return;
        }
        start(chunk, sink);
        JsonObject usage = Json.child(chunk, "usage");
        if (usage != null) {
            inputTokens = Json.integer(usage, "prompt_tokens", inputTokens);
            outputTokens = Json.integer(usage, "completion_tokens", outputTokens);
        }
        JsonValue choices = chunk.get("choices");
        if (choices instanceof JsonArray list && !list.isEmpty() && list.get(0) instanceof JsonObject choice) {
            choice(choice, sink);
        }
    }

    private void start(JsonObject chunk, Sink sink) {
        if (!started) {
            started = true;
            sink.event(new StreamEvent.MessageStart(Json.string(chunk, "id", ""), Json.string(chunk, "model", ""), 0));
        }
    }

    private void choice(JsonObject choice, Sink sink) {
        JsonObject delta = Json.child(choice, "delta");
        String text = Json.string(delta, "content", "");
        if (!text.isEmpty()) {
            if (textBlock < 0) {
                textBlock = open();
                sink.event(new StreamEvent.TextStart(textBlock));
            }
            sink.event(new StreamEvent.TextDelta(textBlock, text));
        }
        if (delta != null && delta.get("tool_calls") instanceof JsonArray calls) {
            for (JsonValue call : calls) {
                if (call instanceof JsonObject object) {
                    toolCall(object, sink);
                }
            }
        }
        String reason = Json.string(choice, "finish_reason", null);
        if (reason != null) {
            finishReason = reason;
        }
    }

    private void toolCall(JsonObject call, Sink sink) {
        int index = Json.integer(call, "index", toolBlocks.size());
        JsonObject function = Json.child(call, "function");
        Integer block = toolBlocks.get(index);
        if (block == null) {
            block = open();
            toolBlocks.put(index, block);
            sink.event(new StreamEvent.ToolUseStart(block, Json.string(call, "id", "call_" + index),
                    Json.string(function, "name", "")));
        }
        String arguments = Json.string(function, "arguments", "");
        if (!arguments.isEmpty()) {
            sink.event(new StreamEvent.InputJsonDelta(block, arguments));
        }
    }

    private void finish(Sink sink) {
        if (!started) {
            started = true;
            sink.event(new StreamEvent.MessageStart("", "", 0));
        }
        for (int block : openBlocks) {
            if (!sink.event(new StreamEvent.BlockStop(block))) {
                return;
            }
        }
        openBlocks.clear();
        if (sink.event(new StreamEvent.MessageDelta(stopReason(finishReason, !toolBlocks.isEmpty()), inputTokens,
                outputTokens))) {
            sink.event(new StreamEvent.MessageStop());
        }
    }

    /**
     * The {@code finish_reason}; a server that made tool calls yet says {@code stop} (some local
     * servers do) still wants its tools run.
     */
    static StopReason stopReason(String wire, boolean madeToolCalls) {
        if (wire == null) {
            return madeToolCalls ? StopReason.TOOL_USE : null;
        }
        return switch (wire) {
            case "stop" -> madeToolCalls ? StopReason.TOOL_USE : StopReason.END_TURN;
            case "tool_calls", "function_call" -> StopReason.TOOL_USE;
            case "length" -> StopReason.MAX_TOKENS;
            case "content_filter" -> StopReason.REFUSAL;
            default -> StopReason.OTHER;
        };
    }

    private int open() {
        int block = nextBlock++;
        openBlocks.add(block);
        return block;
    }

    private static boolean isDone(byte[] data, int length) {
        int from = 0;
        int to = length;
        while (from < to && data[from] == ' ') {
            from++;
        }
        while (to > from && (data[to - 1] == ' ' || data[to - 1] == '\r')) {
            to--;
        }
        return to - from == DONE.length && java.util.Arrays.equals(data, from, to, DONE, 0, DONE.length);
    }

    private static JsonObject parse(byte[] data, int length) throws ProviderDataException {
        try {
            return Json.object(data, length);
        } catch (JsonException | IllegalStateException e) {
            throw new ProviderDataException("invalid JSON in a chat completion chunk", e);
        }
    }
}
