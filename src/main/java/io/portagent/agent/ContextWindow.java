package io.portagent.agent;

import io.portagent.store.MessageRecord;
import io.portagent.store.MessageRepository;
import io.portagent.store.MessageRepository.ContextPage;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Reads the part of a session's history that can reach the model: newest first, page by page,
 * until it has read more than the context budget and then a prompt answered by the model (a user
 * message followed by an assistant one), or the history ends. {@link ContextBuilder} drops whole
 * exchanges from the start until the rest fits the budget: what it keeps lies after that prompt,
 * where the window and the whole history read exactly alike (nothing after the prompt pairs with
 * anything before it), so the model is sent the same context as from the whole history. A turn's
 * cost no longer grows with the length of the conversation, only with the budget.
 */
final class ContextWindow {

    /** Messages per read: a few round trips for a full budget of ordinary messages. */
    static final int PAGE = 200;

    private ContextWindow() {
    }

    static List<MessageRecord> read(MessageRepository messages, String sessionId, String excludedStatus,
            int budgetChars) {
        Deque<MessageRecord> window = new ArrayDeque<>();
        long newerSize = 0;
        Long before = null;
        while (true) {
            ContextPage page = messages.contextPage(sessionId, excludedStatus, before, PAGE);
            for (MessageRecord message : page.newestFirst()) {
                MessageRecord next = window.peekFirst();
                if (newerSize > budgetChars && next != null && MessageKind.of(message.subtype()) == MessageKind.USER
                        && MessageKind.ASSISTANT.role().equals(next.role())) {
                    return List.copyOf(window);
                }
                window.addFirst(message);
                newerSize += chars(message);
            }
            if (page.newestFirst().size() < PAGE) {
                return List.copyOf(window);
            }
            before = page.oldestRowid();
        }
    }

    /** A message's size as {@link ContextBuilder} counts it against the budget. */
    private static long chars(MessageRecord message) {
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
