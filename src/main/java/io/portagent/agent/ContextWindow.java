package io.portagent.agent;

import io.portagent.llm.ContentBlock;
import io.portagent.llm.LlmMessage;
import io.portagent.store.MessageRecord;
import io.portagent.store.MessageRepository;
import io.portagent.store.MessageRepository.ContextRow;
import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.RandomAccess;
import java.util.function.Function;

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
 *
 * <p>A kept window keeps its start while it holds at most one and a half budgets: its first
 * prompt was answered and had more than the budget after it, which only grows, so by the same
 * argument the model is sent the same context as from the whole history. The start moves to
 * where a full read would stop only past that, so the merge of the window's messages into the
 * model's ({@link ContextBuilder.Memo}) serves many turns before it is made again.
 */
final class ContextWindow {

    /** Messages per read: a few round trips for a full budget of ordinary messages. */
    static final int PAGE = 200;

    /**
     * A context message as a window keeps it: its kind; for a prompt or an answer, the model's
     * message it makes on its own ({@code alone}: its text decoded once), so that every later turn
     * passes the same objects on (equal at a glance, their hashes cached: see {@code RenderedJson});
     * its size against the budget ({@code chars}) and running sums of that size and of the
     * characters held in memory (see {@link #memory()}) up to and including it
     * ({@code charsUpTo}, {@code memoryUpTo}, from any origin: only their differences count), so
     * that what a run of kept messages holds is one subtraction, without visiting them.
     */
    record Sized(ContextRow row, MessageKind kind, LlmMessage alone, long chars, long charsUpTo, long memoryUpTo) {

        /** {@code row}, written after {@code previous} (null: the first). */
        static Sized after(ContextRow row, Sized previous) {
            Sized alone = of(row);
            return alone.summed(previous == null ? alone.chars : previous.charsUpTo + alone.chars,
                    previous == null ? alone.memory() : previous.memoryUpTo + alone.memory());
        }

        /** {@code row}, written just before {@code next} (null: the newest). */
        static Sized before(ContextRow row, Sized next) {
            return of(row).summed(next == null ? 0 : next.charsUpTo - next.chars,
                    next == null ? 0 : next.memoryUpTo - next.memory());
        }

        private static Sized of(ContextRow row) {
            MessageKind kind = MessageKind.of(row.message().subtype());
            LlmMessage alone = kind == MessageKind.USER || kind == MessageKind.ASSISTANT
                    ? new LlmMessage(kind.role(), List.of(new ContentBlock.Text(
                            MessageContent.textOf(row.message().content()))))
                    : null;
            return new Sized(row, kind, alone, alone != null ? text(alone).length() : size(kind, row.message()), 0, 0);
        }

        private Sized summed(long charsUpTo, long memoryUpTo) {
            return new Sized(row, kind, alone, chars, charsUpTo, memoryUpTo);
        }

        /**
         * The characters it holds in memory: its stored content, and about twice as many again for
         * the model's message it makes (its decoded text, or the blocks a kept merge holds, and
         * the JSON the provider's protocol rendered of it, which the message keeps).
         */
        long memory() {
            return row.message().content().length() + 2 * chars;
        }

        /** The decoded text of a prompt or an answer, else null. */
        String text() {
            return alone == null ? null : text(alone);
        }

        private static String text(LlmMessage alone) {
            return ((ContentBlock.Text) alone.content().get(0)).text();
        }
    }

    /**
     * A window: its messages, oldest first, and for each prompt and answer the model's message it
     * makes on its own (null for the others), see {@link Sized}; how many of its first messages
     * are of ended turns ({@code settled}), and how the last build merged them ({@code memo}, see
     * {@link ContextBuilder#build(List, List, java.util.Map, int, ContextBuilder.Memo, int)}).
     */
    record Window(List<MessageRecord> messages, List<LlmMessage> alone, int settled, ContextBuilder.Memo memo) {
    }

    /**
     * A read window and what it rests on: its messages oldest first, preceded, when the read
     * stopped before the history's start ({@code stop}), by the prompt it stopped at; the
     * session's context version read before them; how many of its first rows stay valid while
     * that version holds ({@code settled}: those before the first one of a running turn); the
     * characters it holds in memory ({@code memoryChars}, see {@link Sized#memory()}); how the last build
     * merged its messages ({@code memo}).
     */
    record Kept(List<Sized> rows, boolean stop, int budgetChars, long version, int settled, long memoryChars,
            ContextBuilder.Memo memo) {

        /** Views of the kept rows, not copies: a window is thousands of messages, read once each per turn. */
        Window window() {
            int start = stop ? 1 : 0;
            List<Sized> window = rows.subList(start, rows.size());
            return new Window(new View<>(window, sized -> sized.row().message()), new View<>(window, Sized::alone),
                    Math.max(0, settled - start), memo);
        }
    }

    /** One part of each of a list's (immutable) elements, as a read-only list. */
    private static final class View<E> extends AbstractList<E> implements RandomAccess {

        private final List<Sized> rows;
        private final Function<Sized, E> part;

        View(List<Sized> rows, Function<Sized, E> part) {
            this.rows = rows;
            this.part = part;
        }

        @Override
        public E get(int index) {
            return part.apply(rows.get(index));
        }

        @Override
        public int size() {
            return rows.size();
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
        for (ContextRow row : added.get()) {
            rows.add(Sized.after(row, rows.get(rows.size() - 1)));
        }
        int stop = stopIndex(rows, budgetChars);
        long held = rows.get(rows.size() - 1).charsUpTo() - rows.get(0).charsUpTo();
        if (stop > 0 && held <= budgetChars + budgetChars / 2) {
            // the kept start still holds (see the class comment): moved only now and then, so the
            // merge of the window's messages (its memo) serves many turns
            return kept(rows, settled.size(), kept.stop(), budgetChars, kept.version(), kept.memo());
        }
        if (stop >= 0) {
            return kept(rows.subList(stop, rows.size()), Math.max(0, settled.size() - stop), true, budgetChars,
                    kept.version(), kept.memo());
        }
        // the walk reached the kept rows' start: a full read would have stopped there too, unless
        // the history began there; if the kept window stopped short of it, read the whole window again
        return kept.stop() ? null : kept(rows, settled.size(), false, budgetChars, kept.version(), kept.memo());
    }

    private static Kept full(MessageRepository messages, String sessionId, String excludedStatus, int budgetChars) {
        long version = messages.contextVersion(sessionId); // before the rows: a change in between shows next time
        List<Sized> newestFirst = new ArrayList<>();
        Long before = null;
        boolean stop = false;
        while (!stop) {
            List<ContextRow> page = messages.contextPage(sessionId, excludedStatus, before, PAGE);
            for (ContextRow row : page) {
                Sized next = newestFirst.isEmpty() ? null : newestFirst.get(newestFirst.size() - 1);
                Sized message = Sized.before(row, next);
                newestFirst.add(message);
                // the newer messages' size: the newest's sum (0) less this one's
                if (stopsAt(message, next, -message.charsUpTo(), budgetChars)) {
                    stop = true;
                    break;
                }
            }
            if (page.size() < PAGE) {
                break;
            }
            before = page.get(page.size() - 1).rowid();
        }
        Collections.reverse(newestFirst);
        return kept(newestFirst, 0, stop, budgetChars, version, new ContextBuilder.Memo());
    }

    /**
     * Where the walk from the newest message back stops (see {@link #stopsAt}): the index of that
     * prompt, or -1 if it reaches the first row. Only messages with more than the budget after
     * them can stop it, and the sums say where those begin: the walk starts there.
     */
    private static int stopIndex(List<Sized> rows, int budgetChars) {
        long total = rows.get(rows.size() - 1).charsUpTo();
        // the last index whose newer messages hold more than the budget (total - charsUpTo > budget)
        int low = 0;
        int high = rows.size() - 2; // the newest has nothing after it
        int from = -1;
        while (low <= high) {
            int mid = (low + high) >>> 1;
            if (total - rows.get(mid).charsUpTo() > budgetChars) {
                from = mid;
                low = mid + 1;
            } else {
                high = mid - 1;
            }
        }
        for (int i = from; i >= 0; i--) {
            if (stopsAt(rows.get(i), rows.get(i + 1), total - rows.get(i).charsUpTo(), budgetChars)) {
                return i;
            }
        }
        return -1;
    }

    /** Past the budget, a prompt the model answered ends the window (it is not part of it). */
    private static boolean stopsAt(Sized message, Sized next, long newerSize, int budgetChars) {
        return newerSize > budgetChars && next != null && message.kind() == MessageKind.USER
                && MessageKind.ASSISTANT.role().equals(next.row().message().role());
    }

    /**
     * The rows from the prompt the walk stopped at, or from the history's start ({@code rows}, not
     * kept itself), the first {@code settled} of them known to be of ended turns.
     */
    private static Kept kept(List<Sized> rows, int settledBefore, boolean stop, int budgetChars, long version,
            ContextBuilder.Memo memo) {
        List<Sized> window = List.copyOf(rows);
        int settled = settledBefore;
        while (settled < window.size() && !window.get(settled).row().running()) {
            settled++;
        }
        Sized first = window.isEmpty() ? null : window.get(0);
        long memory = first == null ? 0
                : window.get(window.size() - 1).memoryUpTo() - first.memoryUpTo() + first.memory();
        return new Kept(window, stop, budgetChars, version, settled, memory, memo);
    }

    /** A message's size as {@link ContextBuilder} counts it against the budget. */
    private static long size(MessageKind kind, MessageRecord message) {
        return switch (kind) {
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
