package io.portagent.agent;

import io.portagent.store.MessageRecord;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * One model response as it streams in: its text, its tool_use blocks (input JSON arriving in
 * pieces), and its stop reason; and the messages that store it. Not thread-safe: the turn's
 * monitor guards it.
 */
final class StreamedAnswer {

    /** A tool_use block; complete once its content_block_stop arrived. */
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
    private String stopReason;

    String messageId() {
        return messageId;
    }

    void appendText(String delta) {
        text.append(delta);
    }

    ToolBlock startTool(int index, String id, String name) {
        ToolBlock block = new ToolBlock(id, name);
        tools.put(index, block);
        return block;
    }

    void appendToolInput(int index, String partialJson) {
        ToolBlock block = tools.get(index);
        if (block != null) {
            block.input.append(partialJson);
        }
    }

    /** Marks the block at {@code index} complete; null when it is not a tool block (text blocks stop too). */
    ToolBlock stopBlock(int index) {
        ToolBlock block = tools.get(index);
        if (block != null) {
            block.complete = true;
        }
        return block;
    }

    void stopReason(String reason) {
        stopReason = reason;
    }

    String stopReason() {
        return stopReason;
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
