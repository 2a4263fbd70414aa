package io.portagent.agent;

import io.portagent.store.MessageRecord;
import io.portagent.store.MessageRepository;
import io.portagent.store.MessageRepository.ContextRow;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Reads the part of a session's history that can reach the model: newest first, page by page,
 * until it has read more than the context budget and then a prompt answered by the model (a user
 * message followed by an assistant one), or the history ends. {@link ContextBuilder} drops whole
 * exchanges from the start until the rest fits the budget: what it keeps lies after that prompt,
 * where the window and the whole history read exactly alike (nothing after the prompt pairs with
 * anything before it), so the model is sent the same context as from the whole history. A turn's
 * cost no longer grows with the length of the conversation, only with the budget.
 *
 * <p>With a {@link ContextCache}, the window of a session's last turn is kept in memory: the next
 * turn reads the session's context version ({@link MessageRepository#contextVersion}, one row that
 * the database raises on every change that can alter messages already read) and, if it has not
 * moved, only the messages written since, and walks back from the newest with the same rule.
 * Messages whose turn was running when they were read are not kept as read (a streaming answer
 * changes without raising the version): the next read takes them again. Where the earlier read
 * stopped, this walk stops too, or sooner (every message has at least as much newer text as
 * before), so the window is the one a full read would give. A version that moved (a turn deleted,
 * edited, failed, a retention sweep) means a full read.
 */
final class ContextWindow {

    /** Messages per read: a few round trips for a full budget of ordinary messages. */
    static final int PAGE = 200;

    /**
     * A context message as a window keeps it: its text decoded once ({@code text}, for prompts and
     * answers, else null), so every later turn passes the same string on (cheap to compare, its
     * hash computed once: see {@code RenderedJson}); its size against the budget.
     */
    record Sized(ContextRow row, String text, long chars) {
        Sized(ContextRow row) {
            this(row, textOf(row.message()));
        }

        private Sized(ContextRow row, String text) {
            this(row, text, text != null ? text.length() : size(row.message()));
        }
    }

    /** A window: its messages, oldest first, and the text of each (null where it is not a prompt or an answer). */
    record Window(List<MessageRecord> messages, List<String> texts) {
    }

    /**
     * A read window and what it rests on: its messages oldest first, preceded, when the read
     * stopped before the history's start ({@code stop}), by the prompt it stopped at; the
     * session's context version read before them; how many of its first rows stay valid while
     * that version holds ({@code settled}: those before the first one of a running turn); the
     * characters it holds in memory ({@code memoryChars}: stored contents and decoded texts).
     */
    record Kept(List<Sized> rows, boolean stop, int budgetChars, long version, int settled, long memoryChars) {

        Window window() {
            List<Sized> window = rows.subList(stop ? 1 : 0, rows.size());
            List<MessageRecord> messages = new ArrayList<>(window.size());
            List<String> texts = new ArrayList<>(window.size());
            for (Sized sized : window) {
                messages.add(sized.row().message());
                texts.add(sized.text());
            }
            return new Window(Collections.unmodifiableList(messages), Collections.unmodifiableList(texts));
        }
    }

    private ContextWindow() {
    }

    static List<MessageRecord> read(MessageRepository messages, String sessionId, String excludedStatus,
            int budgetChars) {
        return full(messages, sessionId, excludedStatus, budgetChars).window().messages();
    }

    /** As above, from the window {@code cache} kept of this session's last turn when it still holds. */
    static Window read(MessageRepository messages, ContextCache cache, String sessionId,
            String excludedStatus, int budgetChars) {
        Kept kept = cache.take(sessionId);
        Kept now = kept == null ? null : extended(messages, kept, sessionId, excludedStatus, budgetChars);
        if (now != null) {
            cache.reusedOne();
        } else {
            now = full(messages, sessionId, excludedStatus, budgetChars);
        }
        cache.put(sessionId, now);
        return now.window();
    }

    private static Kept extended(MessageRepository messages, Kept kept, String sessionId, String excludedStatus,
            int budgetChars) {
        if (kept.budgetChars() != budgetChars || kept.settled() == 0) {
            return null;
        }
        List<Sized> settled = kept.rows().subList(0, kept.settled());
        Optional<List<ContextRow>> added = messages.contextAfter(sessionId, excludedStatus, kept.version(),
                settled.get(settled.size() - 1).row().rowid());
        if (added.isEmpty()) {
            return null;
        }
        List<Sized> rows = new ArrayList<>(settled.size() + added.get().size());
        rows.addAll(settled);
        added.get().forEach(row -> rows.add(new Sized(row)));
        Deque<Sized> window = new ArrayDeque<>();
        long newerSize = 0;
        for (int i = rows.size() - 1; i >= 0; i--) {
            Sized message = rows.get(i);
            if (stopsAt(message, window.peekFirst(), newerSize, budgetChars)) {
                window.addFirst(message);
                return kept(window, true, budgetChars, kept.version());
            }
            window.addFirst(message);
            newerSize += message.chars();
        }
        // the walk reached the kept rows' start: a full read would have stopped there too, unless
        // the history began there; if the kept window stopped short of it, read the whole window again
        return kept.stop() ? null : kept(window, false, budgetChars, kept.version());
    }

    private static Kept full(MessageRepository messages, String sessionId, String excludedStatus, int budgetChars) {
        long version = messages.contextVersion(sessionId); // before the rows: a change in between shows next time
        Deque<Sized> window = new ArrayDeque<>();
        long newerSize = 0;
        Long before = null;
        while (true) {
            List<ContextRow> page = messages.contextPage(sessionId, excludedStatus, before, PAGE);
            for (ContextRow row : page) {
                Sized message = new Sized(row);
                if (stopsAt(message, window.peekFirst(), newerSize, budgetChars)) {
                    window.addFirst(message);
                    return kept(window, true, budgetChars, version);
                }
                window.addFirst(message);
                newerSize += message.chars();
            }
            if (page.size() < PAGE) {
                return kept(window, false, budgetChars, version);
            }
            before = page.get(page.size() - 1).rowid();
        }
    }

    /** Past the budget, a prompt the model answered ends the window (it is not part of it). */
    private static boolean stopsAt(Sized message, Sized next, long newerSize, int budgetChars) {
        return newerSize > budgetChars && next != null
                && MessageKind.of(message.row().message().subtype()) == MessageKind.USER
                && MessageKind.ASSISTANT.role().equals(next.row().message().role());
    }

    private static Kept kept(Deque<Sized> window, boolean stop, int budgetChars, long version) {
        List<Sized> rows = List.copyOf(window);
        int settled = 0;
        while (settled < rows.size() && !rows.get(settled).row().running()) {
            settled++;
        }
        long memory = 0;
        for (Sized row : rows) {
            memory += row.row().message().content().length() + (row.text() == null ? 0 : row.text().length());
        }
        return new Kept(rows, stop, budgetChars, version, settled, memory);
    }

    private static String textOf(MessageRecord message) {
        MessageKind kind = MessageKind.of(message.subtype());
        return kind == MessageKind.USER || kind == MessageKind.ASSISTANT ? MessageContent.textOf(message.content()) : null;
    }

    /** A message's size as {@link ContextBuilder} counts it against the budget. */
    private static long size(MessageRecord message) {
        return switch (MessageKind.of(message.subtype())) {
            case USER, ASSISTANT -> MessageContent.textOf(message.content()).length();
            case TOOL_CALL -> {
                var call = MessageContent.objectOf(message.content());
                yield call.get("input").toString().length() + call.getString("toolName").length();
            }
            case TOOL_RESULT -> MessageContent.objectOf(message.content()).getString("result").length();
            case ERROR -> 0;
        };
    }
}
