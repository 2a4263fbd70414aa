package io.portagent.agent;

import io.portagent.llm.ContentBlock;
import io.portagent.llm.LlmMessage;
import io.portagent.store.MessageRecord;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a conversation's stored messages into the alternating user/assistant list every provider's
 * client renders in its own protocol (a tool call and its result translated there): text, tool calls and their results stay paired (a call with no stored result gets a
 * synthetic error result), errors are left out, and the oldest exchanges are dropped to fit a
 * budget of characters. The messages of failed turns never reach it (the store leaves them out),
 * so a failed prompt is not joined to the next one.
 */
final class ContextBuilder {

    private ContextBuilder() {
    }

    static List<LlmMessage> build(List<MessageRecord> history, int budgetChars) {
        return build(history, Map.of(), budgetChars);
    }

    /** With each user message's attachments ({@code attached}, by message id) before its text. */
    static List<LlmMessage> build(List<MessageRecord> history, Map<String, List<ContentBlock>> attached,
            int budgetChars) {
        return build(history, null, attached, budgetChars);
    }

    /**
     * As above, with the message each prompt and answer makes on its own already built ({@code
     * alone}, one per message, null for the others; or null for none): a kept window's. Where
     * nothing joins it, that very object goes into the result, so the next turn passes it again.
     */
    static List<LlmMessage> build(List<MessageRecord> history, List<LlmMessage> alone,
            Map<String, List<ContentBlock>> attached, int budgetChars) {
        List<LlmMessage> messages = merge(history, alone, attached);
        return trim(messages, budgetChars);
    }

    private static List<LlmMessage> merge(List<MessageRecord> history, List<LlmMessage> alone,
            Map<String, List<ContentBlock>> attached) {
        List<LlmMessage> out = new ArrayList<>();
        Set<String> answered = new HashSet<>();
        MessageKind[] kinds = new MessageKind[history.size()];
        for (int i = 0; i < kinds.length; i++) {
            MessageRecord m = history.get(i);
            kinds[i] = MessageKind.of(m.subtype());
            if (kinds[i] == MessageKind.TOOL_RESULT) {
                answered.add(MessageContent.objectOf(m.content()).getString("toolCallId"));
            }
        }
        List<String> unanswered = new ArrayList<>();
        for (int i = 0; i < history.size(); i++) {
            MessageRecord m = history.get(i);
            LlmMessage single = alone == null ? null : alone.get(i);
            switch (kinds[i]) {
                case USER -> {
                    closeUnanswered(out, unanswered);
                    attached.getOrDefault(m.messageId(), List.of()).forEach(b -> add(out, LlmMessage.USER, b));
                    add(out, single, LlmMessage.USER, m);
                }
                case ASSISTANT -> add(out, single, LlmMessage.ASSISTANT, m);
                case TOOL_CALL -> {
                    JsonObject call = MessageContent.objectOf(m.content());
                    String id = call.getString("toolCallId");
                    add(out, LlmMessage.ASSISTANT, new ContentBlock.ToolUse(id, call.getString("toolName"),
                            call.get("input").toString()));
                    if (!answered.contains(id)) {
                        unanswered.add(id);
                    }
                }
                case TOOL_RESULT -> {
                    JsonObject result = MessageContent.objectOf(m.content());
                    add(out, LlmMessage.USER, new ContentBlock.ToolResult(result.getString("toolCallId"),
                            result.getString("result"), result.getBoolean("isError", false)));
                }
                case ERROR -> {
                    // errors are for the reader, not the model
                }
            }
        }
        closeUnanswered(out, unanswered);
        return out;
    }

    /** Appends a prompt's or an answer's text: {@code single}, its message on its own, where nothing joins it. */
    private static void add(List<LlmMessage> out, LlmMessage single, String role, MessageRecord m) {
        if (single == null) {
            add(out, role, new ContentBlock.Text(MessageContent.textOf(m.content())));
            return;
        }
        ContentBlock text = single.content().get(0);
        if (((ContentBlock.Text) text).text().isEmpty()) {
            return;
        }
        if (out.isEmpty() || !out.get(out.size() - 1).role().equals(role)) {
            out.add(single);
        } else {
            add(out, role, text);
        }
    }

    private static void closeUnanswered(List<LlmMessage> out, List<String> unanswered) {
        for (String id : unanswered) {
            add(out, LlmMessage.USER, new ContentBlock.ToolResult(id, "No result: the turn ended before this tool"
                    + " finished.", true));
        }
        unanswered.clear();
    }

    /** Appends a block, merging into the last message when it has the same role. */
    private static void add(List<LlmMessage> out, String role, ContentBlock block) {
        if (block instanceof ContentBlock.Text text && text.text().isEmpty()) {
            return;
        }
        LlmMessage last = out.isEmpty() ? null : out.get(out.size() - 1);
        if (last != null && last.role().equals(role)) {
            List<ContentBlock> blocks = new ArrayList<>(last.content());
            // tool results must come first in a user message
            if (block instanceof ContentBlock.ToolResult) {
                int at = (int) blocks.stream().filter(b -> b instanceof ContentBlock.ToolResult).count();
                blocks.add(at, block);
            } else {
                blocks.add(block);
            }
            out.set(out.size() - 1, new LlmMessage(role, blocks));
        } else {
            out.add(new LlmMessage(role, List.of(block)));
        }
    }

    /** Drops whole exchanges from the start until the rest fits; never splits a tool call from its result. */
    private static List<LlmMessage> trim(List<LlmMessage> messages, int budgetChars) {
        long[] chars = new long[messages.size()];
        long size = 0;
        for (int i = 0; i < chars.length; i++) {
            chars[i] = chars(messages.get(i));
            size += chars[i];
        }
        int start = 0;
        while (size > budgetChars && start < messages.size() - 1) {
            size -= chars[start];
            start++;
            // resume at a user message that starts an exchange (not one carrying tool results)
            while (start < messages.size() - 1 && !startsExchange(messages.get(start))) {
                size -= chars[start];
                start++;
            }
        }
        while (start < messages.size() && !startsExchange(messages.get(start))) {
            start++;
        }
        return List.copyOf(messages.subList(start, messages.size()));
    }

    private static boolean startsExchange(LlmMessage message) {
        if (!LlmMessage.USER.equals(message.role())) {
            return false;
        }
        for (ContentBlock block : message.content()) {
            if (block instanceof ContentBlock.ToolResult) {
                return false;
            }
        }
        return true;
    }

    private static long chars(LlmMessage message) {
        long n = 0;
        for (ContentBlock block : message.content()) {
            if (block instanceof ContentBlock.Text t) {
                n += t.text().length();
            } else if (block instanceof ContentBlock.ToolUse u) {
                n += u.inputJson().length() + u.name().length();
            } else if (block instanceof ContentBlock.ToolResult r) {
                n += r.content().length();
            } else if (block instanceof ContentBlock.Document d) {
                n += d.data().length();
            } else if (block instanceof ContentBlock.Image i) {
                n += i.base64().length() / 100; // an image costs the model far fewer tokens than its base64 text
            }
        }
        return n;
    }
}
