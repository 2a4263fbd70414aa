package io.portagent.agent;

import io.portagent.llm.StopReason;
import io.portagent.llm.StreamEvent;
import io.portagent.store.MessageRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One model response as it streams in: its text, its tool calls (input JSON arriving in
 * pieces), its stop reason, the turn's token counts so far; the events that announce it; and the messages that
 * store it. Not thread-safe: the turn's monitor guards it.
 */
final class StreamedAnswer {

    /** A tool call; complete once its block stopped. */
    static final class ToolBlock {
        final String id;
        final String name;
        final StringBuilder input = new StringBuilder();
        boolean complete;

        ToolBlock(String id, String name) {
            this.id = id;
            this.name = name;
        }

        String inputJson() {
            return input.toString();
        }
    }

    private final String messageId = UUID.randomUUID().toString();
    private final StringBuilder text = new StringBuilder();
    private final Map<Integer, ToolBlock> tools = new LinkedHashMap<>();
    private StopReason stopReason;
    private int inputTokens;
    private int outputTokens;

    /** The first response of a turn. */
    StreamedAnswer() {
    }

    private StreamedAnswer(int inputTokens, int outputTokens) {
        this.inputTokens = inputTokens;
        this.outputTokens = outputTokens;
    }

    /** The turn's next response, counting its tokens on from this one's. */
    StreamedAnswer next() {
        return new StreamedAnswer(inputTokens, outputTokens);
    }

    /** Folds one stream event into the answer and announces what a reader sees of it. */
    void take(StreamEvent event, TurnEvents events) {
        if (event instanceof StreamEvent.MessageStart start) {
            inputTokens += start.inputTokens();
            events.messageStart(messageId);
        } else if (event instanceof StreamEvent.TextDelta delta) {
            text.append(delta.text());
            events.textDelta(delta.text());
        } else if (event instanceof StreamEvent.ToolUseStart start) {
            tools.put(start.index(), new ToolBlock(start.id(), start.name()));
            events.toolUseStart(start.id(), start.name());
        } else if (event instanceof StreamEvent.InputJsonDelta delta) {
            ToolBlock block = tools.get(delta.index());
            if (block != null) {
                block.input.append(delta.partialJson());
            }
        } else if (event instanceof StreamEvent.BlockStop stop) {
            ToolBlock block = tools.get(stop.index()); // text blocks stop too: they are not in the map
            if (block != null) {
                block.complete = true;
                events.toolUseStop(block.id, block.name, MessageContent.input(block.inputJson()));
            }
        } else if (event instanceof StreamEvent.MessageDelta delta) {
            stopReason = delta.stopReason();
            inputTokens += delta.inputTokens();
            outputTokens += delta.outputTokens();
        }
    }

    /** Why the model stopped; a provider that did not say finished its answer. */
    StopReason stopReason() {
        return stopReason == null ? StopReason.END_TURN : stopReason;
    }

    /** Input tokens of the turn so far: this response's and those before it. */
    int inputTokens() {
        return inputTokens;
    }

    int outputTokens() {
        return outputTokens;
    }

    /** The model asked for tools: it stopped for them and completed at least one call. */
    boolean wantsTools() {
        return stopReason == StopReason.TOOL_USE && !completedTools().isEmpty();
    }

    List<ToolBlock> completedTools() {
        return tools.values().stream().filter(b -> b.complete).toList();
    }

    /** What stores the answer so far: its text, and (once the response ended) its completed tool calls. */
    List<MessageRecord> messages(EventContext context, long now, boolean withToolCalls) {
        List<MessageRecord> messages = new ArrayList<>();
        if (text.length() > 0) {
            messages.add(MessageKind.ASSISTANT.record(messageId, MessageContent.text(text.toString()), context, now));
        }
        if (withToolCalls) {
            for (ToolBlock block : completedTools()) {
                messages.add(MessageKind.TOOL_CALL.record(UUID.randomUUID().toString(), MessageContent.toolCall(
                        block.id, block.name, MessageContent.input(block.inputJson())), context, now));
            }
        }
        return messages;
    }
}
