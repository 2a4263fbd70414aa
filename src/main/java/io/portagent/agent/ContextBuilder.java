package io.portagent.agent;

import io.portagent.llm.ContentBlock;
import io.portagent.llm.LlmMessage;
import io.portagent.store.MessageRecord;
import jakarta.json.JsonObject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
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
        return build(history, alone, attached, budgetChars, null, 0);
    }

    /**
     * As above, for a kept window: {@code memo} holds how the last turn's build merged the first
     * messages of the same window; where it still applies, only the messages after them are
     * merged. It is left holding the merge of the first {@code settled} messages (those of ended
     * turns, which the next turn's window holds again unchanged). A window with attachments is
     * built in full (their files are read again each turn).
     */
    static List<LlmMessage> build(List<MessageRecord> history, List<LlmMessage> alone,
            Map<String, List<ContentBlock>> attached, int budgetChars, Memo memo, int settled) {
        boolean keep = memo != null && attached.isEmpty();
        if (memo != null && !keep) {
            memo.clear(); // nothing kept while the window has attachments
        }
        Merge merge = keep ? memo.resume(history) : null;
        int from = merge == null ? 0 : memo.rows;
        if (merge == null) {
            merge = new Merge(history.size());
        }
        MessageKind[] kinds = new MessageKind[history.size() - from];
        for (int i = from; i < history.size(); i++) {
            MessageRecord m = history.get(i);
            kinds[i - from] = MessageKind.of(m.subtype());
            if (kinds[i - from] == MessageKind.TOOL_RESULT) {
                merge.later.add(MessageContent.objectOf(m.content()).getString("toolCallId"));
            }
        }
        if (from > 0 && !memo.holds(merge.later)) { // a result came, or went, for a call of the memo's messages
            memo.clear();
            return build(history, alone, attached, budgetChars, memo, settled);
        }
        if (from > 0) {
            memo.resumed++;
        }
        for (int i = from; i < history.size(); i++) {
            if (keep && i == settled) {
                memo.keep(history, merge);
            }
            merge.row(history.get(i), kinds[i - from], alone == null ? null : alone.get(i), attached);
        }
        if (keep && settled >= history.size()) {
            memo.keep(history, merge);
        }
        merge.closeUnanswered();
        return trim(merge.out, merge.sums, budgetChars);
    }

    /**
     * How a window's first messages were merged, for the next turn's build of the same window:
     * its first and last message (the same objects while the window is kept), the merged messages
     * with their running sizes, the calls still waiting for a result then, the results seen, and
     * the calls among them without a result in those messages, with whether one came later
     * (still true next turn, or the memo does not apply). Used by one turn at a time.
     */
    static final class Memo {

        private MessageRecord first;
        private MessageRecord last;
        private int rows;
        private List<LlmMessage> out = List.of();
        private long[] sums = new long[0];
        private List<String> unanswered = List.of();
        private Set<String> results = Set.of();
        private Map<String, Boolean> open = Map.of();
        private long resumed;

        /** How many builds went on from this memo (for tests and diagnostics). */
        long resumed() {
            return resumed;
        }

        /** The merge after this memo's messages, if {@code history} begins with them; else null. */
        private Merge resume(List<MessageRecord> history) {
            if (rows == 0 || rows > history.size() || history.get(0) != first || history.get(rows - 1) != last) {
                return null;
            }
            Merge merge = new Merge(history.size());
            merge.rows = rows;
            merge.out.addAll(out);
            merge.sums = Arrays.copyOf(sums, Math.max(history.size() + 1, out.size()));
            merge.unanswered.addAll(unanswered);
            merge.results.addAll(results);
            merge.open.addAll(open.keySet());
            return merge;
        }

        /** Whether the calls taken as answered, or not, by later results still are ({@code later}: those now). */
        private boolean holds(Set<String> later) {
            for (Map.Entry<String, Boolean> call : open.entrySet()) {
                if (call.getValue() != later.contains(call.getKey())) {
                    return false;
                }
            }
            return true;
        }

        private void clear() {
            rows = 0;
            first = null;
            last = null;
            out = List.of();
            sums = new long[0];
            unanswered = List.of();
            results = Set.of();
            open = Map.of();
        }

        private void keep(List<MessageRecord> history, Merge merge) {
            rows = merge.rows;
            first = rows == 0 ? null : history.get(0);
            last = rows == 0 ? null : history.get(rows - 1);
            out = List.copyOf(merge.out);
            sums = Arrays.copyOf(merge.sums, out.size());
            unanswered = List.copyOf(merge.unanswered);
            results = Set.copyOf(merge.results);
            Map<String, Boolean> calls = new HashMap<>();
            merge.open.forEach(id -> calls.put(id, merge.later.contains(id)));
            open = Map.copyOf(calls);
        }
    }

    /**
     * A merge in progress: the messages so far with their running sizes ({@code sums[i]}: the
     * characters of messages 0 to i), the calls since the last prompt without a result, the
     * results seen, the calls seen without a result before them ({@code open}), and the results
     * of the messages not merged yet ({@code later}).
     */
    private static final class Merge {

        final List<LlmMessage> out;
        long[] sums;
        final List<String> unanswered = new ArrayList<>();
        final Set<String> results = new HashSet<>();
        final Set<String> open = new HashSet<>();
        final Set<String> later = new HashSet<>();
        int rows;

        Merge(int size) {
            out = new ArrayList<>(size + 1);
            sums = new long[size + 1];
        }

        void row(MessageRecord m, MessageKind kind, LlmMessage single, Map<String, List<ContentBlock>> attached) {
            rows++;
            switch (kind) {
                case USER -> {
                    closeUnanswered();
                    attached.getOrDefault(m.messageId(), List.of()).forEach(b -> add(LlmMessage.USER, b));
                    add(single, LlmMessage.USER, m);
                }
                case ASSISTANT -> add(single, LlmMessage.ASSISTANT, m);
                case TOOL_CALL -> {
                    JsonObject call = MessageContent.objectOf(m.content());
                    String id = call.getString("toolCallId");
                    add(LlmMessage.ASSISTANT, new ContentBlock.ToolUse(id, call.getString("toolName"),
                            call.get("input").toString()));
                    if (!results.contains(id)) {
                        open.add(id);
                        if (!later.contains(id)) {
                            unanswered.add(id);
                        }
                    }
                }
                case TOOL_RESULT -> {
                    JsonObject result = MessageContent.objectOf(m.content());
                    String id = result.getString("toolCallId");
                    later.remove(id);
                    results.add(id);
                    open.remove(id);
                    add(LlmMessage.USER, new ContentBlock.ToolResult(id, result.getString("result"),
                            result.getBoolean("isError", false)));
                }
                case ERROR -> {
                    // errors are for the reader, not the model
                }
            }
        }

        /** Appends a prompt's or an answer's text: {@code single}, its message on its own, where nothing joins it. */
        private void add(LlmMessage single, String role, MessageRecord m) {
            if (single == null) {
                add(role, new ContentBlock.Text(MessageContent.textOf(m.content())));
                return;
            }
            ContentBlock text = single.content().get(0);
            if (((ContentBlock.Text) text).text().isEmpty()) {
                return;
            }
            if (out.isEmpty() || !out.get(out.size() - 1).role().equals(role)) {
                append(single);
            } else {
                add(role, text);
            }
        }

        void closeUnanswered() {
            for (String id : unanswered) {
                add(LlmMessage.USER, new ContentBlock.ToolResult(id, "No result: the turn ended before this tool"
                        + " finished.", true));
            }
            unanswered.clear();
        }

        /** Appends a block, merging into the last message when it has the same role. */
        private void add(String role, ContentBlock block) {
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
                out.remove(out.size() - 1);
                append(new LlmMessage(role, blocks));
            } else {
                append(new LlmMessage(role, List.of(block)));
            }
        }

        private void append(LlmMessage message) {
            int at = out.size();
            out.add(message);
            if (at >= sums.length) {
                sums = Arrays.copyOf(sums, 2 * sums.length + 1);
            }
            sums[at] = (at == 0 ? 0 : sums[at - 1]) + chars(message);
        }
    }

    /**
     * Drops whole exchanges from the start until the rest fits; never splits a tool call from its
     * result. The start is the first user message that begins an exchange (not one carrying tool
     * results) from which the messages fit the budget, past the first message; found by bisection
     * over the running sizes, as the size from an index on only shrinks with it.
     */
    static List<LlmMessage> trim(List<LlmMessage> messages, int budgetChars) {
        long[] sums = new long[messages.size()];
        for (int i = 0; i < sums.length; i++) {
            sums[i] = (i == 0 ? 0 : sums[i - 1]) + chars(messages.get(i));
        }
        return trim(messages, sums, budgetChars);
    }

    private static List<LlmMessage> trim(List<LlmMessage> messages, long[] sums, int budgetChars) {
        int n = messages.size();
        long total = n == 0 ? 0 : sums[n - 1];
        int start = 0;
        if (total > budgetChars && n > 1) {
            int low = 1;
            int high = n - 1; // the last message stays whatever its size
            while (low < high) {
                int mid = (low + high) >>> 1;
                if (total - sums[mid - 1] <= budgetChars) {
                    high = mid;
                } else {
                    low = mid + 1;
                }
            }
            start = low;
            while (start < n - 1 && !startsExchange(messages.get(start))) {
                start++;
            }
        }
        while (start < n && !startsExchange(messages.get(start))) {
            start++;
        }
        return List.copyOf(messages.subList(start, n));
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
