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
     * As above, with the texts of the messages already decoded ({@code texts}, one per message,
     * null where it is not a prompt or an answer; or null for none): a kept window's.
     */
    static List<LlmMessage> build(List<MessageRecord> history, List<String> texts,
            Map<String, List<ContentBlock>> attached, int budgetChars) {
        List<LlmMessage> messages = merge(history, texts, attached);
        return trim(messages, budgetChars);
    }

    private static List<LlmMessage> merge(List<MessageRecord> history, List<String> texts,
            Map<String, List<ContentBlock>> attached) {
        List<LlmMessage> out = new ArrayList<>();
        Set<String> answered = new HashSet<>();
        for (MessageRecord m : history) {
            if (MessageKind.of(m.subtype()) == MessageKind.TOOL_RESULT) {
                answered.add(MessageContent.objectOf(m.content()).getString("toolCallId"));
            }
        }
        List<String> unanswered = new ArrayList<>();
        for (int i = 0; i < history.size(); i++) {
            MessageRecord m = history.get(i);
            switch (MessageKind.of(m.subtype())) {
                case USER -> {
                    closeUnanswered(out, unanswered);
                    attached.getOrDefault(m.messageId(), List.of()).forEach(b -> add(out, LlmMessage.USER, b));
                    add(out, LlmMessage.USER, new ContentBlock.Text(text(m, texts, i)));
                }
                case ASSISTANT -> add(out, LlmMessage.ASSISTANT, new ContentBlock.Text(text(m, texts, i)));
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

    private static String text(MessageRecord m, List<String> texts, int i) {
        String text = texts == null ? null : texts.get(i);
        return text != null ? text : MessageContent.textOf(m.content());
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
        int start = 0;
        long size = messages.stream().mapToLong(ContextBuilder::chars).sum();
        while (size > budgetChars && start < messages.size() - 1) {
            size -= chars(messages.get(start));
            start++;
            // resume at a user message that starts an exchange (not one carrying tool results)
            while (start < messages.size() - 1 && !startsExchange(messages.get(start))) {
                size -= chars(messages.get(start));
                start++;
            }
        }
        while (start < messages.size() && !startsExchange(messages.get(start))) {
            start++;
        }
        return List.copyOf(messages.subList(start, messages.size()));
    }

    private static boolean startsExchange(LlmMessage message) {
        return LlmMessage.USER.equals(message.role())
                && message.content().stream().noneMatch(b -> b instanceof ContentBlock.ToolResult);
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
