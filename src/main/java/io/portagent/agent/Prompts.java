package io.portagent.agent;

import io.portagent.store.MessageRecord;
import io.portagent.store.MessageRepository;
import io.portagent.store.TurnRepository;
import io.portagent.store.TurnRepository.LastTurn;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * What a turn answers: a new prompt (with its files), the failed last prompt again (retry), or
 * the last prompt again or edited (regenerate); each checked and made into the stored message
 * its turn starts from ({@link RunningTurns#start}).
 */
final class Prompts {

    static final int CONTENT_MAX = 100_000;

    private final Conversations conversations;
    private final Attachments attachments;
    private final TurnRepository turns;
    private final MessageRepository messages;
    private final UsageLedger usage;
    private final RunningTurns running;
    private final Clock clock;

    Prompts(Conversations conversations, Attachments attachments, TurnRepository turns, MessageRepository messages,
            UsageLedger usage, RunningTurns running, Clock clock) {
        this.conversations = conversations;
        this.attachments = attachments;
        this.turns = turns;
        this.messages = messages;
        this.usage = usage;
        this.running = running;
        this.clock = clock;
    }

    /** See {@link AgentRuntime#send(Caller, String, String, List)}. */
    String send(Caller caller, String conversationId, String content, List<AttachmentRef> files) {
        String text = content == null ? "" : content;
        if (files.isEmpty() || !text.isBlank()) {
            checkContent(text);
        }
        Conversation conversation = conversations.require(caller, conversationId);
        List<String> ids = attachments.resolve(caller, conversation, files);
        String turnId = newTurnId();
        MessageRecord prompt = MessageKind.USER.record(UUID.randomUUID().toString(), MessageContent.text(text),
                RunningTurns.context(conversation, turnId), clock.millis());
        List<Attachment> bound = attachments.bind(conversation, ids, prompt.messageId());
        try {
            return running.start(caller, conversation, turnId, prompt, bound);
        } catch (RuntimeException e) {
            if (!ids.isEmpty()) {
                attachments.unbind(prompt.messageId());
            }
            throw e;
        }
    }

    /** See {@link AgentRuntime#retry}. */
    String retry(Caller caller, String conversationId) {
        Conversation conversation = conversations.require(caller, conversationId);
        LastTurn last = turns.lastTurn(conversation.sessionId())
                .filter(t -> TurnStatus.FAILED.wireName().equals(t.turn().status()) && t.prompt().isPresent())
                .orElseThrow(() -> new AgentException("nothing_to_retry", "The last message of this conversation did"
                        + " not fail, so there is nothing to retry."));
        String turnId = newTurnId();
        return running.start(caller, conversation, turnId, inTurn(last.prompt().get(), turnId), List.of());
    }

    /** See {@link AgentRuntime#regenerate}. */
    String regenerate(Caller caller, String conversationId, Optional<String> content) {
        content.ifPresent(Prompts::checkContent);
        Conversation conversation = conversations.require(caller, conversationId);
        LastTurn last = turns.lastTurn(conversation.sessionId()).filter(t -> t.prompt().isPresent())
                .orElseThrow(() -> new AgentException("nothing_to_regenerate", "This conversation has no answered"
                        + " message to answer again."));
        if (TurnStatus.RUNNING.wireName().equals(last.turn().status()) || running.isRunning(conversation.sessionId())) {
            throw RunningTurns.busy();
        }
        ModelPolicy.Allowance allowance = conversations.allowance(caller); // the user's groups read once for both
        Conversations.allowed(allowance.models(), conversation.model());
        usage.checkQuota(caller, allowance.dailyTokenLimit());
        MessageRecord old = last.prompt().get();
        String turnId = newTurnId();
        messages.deleteTurn(last.turn().turnId(), content.isPresent() ? null : old.messageId());
        MessageRecord prompt = content.map(text -> MessageKind.USER.record(UUID.randomUUID().toString(),
                MessageContent.text(text), RunningTurns.context(conversation, turnId), clock.millis()))
                .orElseGet(() -> inTurn(old, turnId));
        return running.start(caller, conversation, turnId, prompt, List.of());
    }

    private static void checkContent(String content) {
        if (content == null || content.isBlank()) {
            throw new AgentException("invalid_request", "content is required");
        }
        if (content.length() > CONTENT_MAX) {
            throw new AgentException("invalid_request", "content must be at most " + CONTENT_MAX + " characters");
        }
    }

    /** The stored prompt as the message a new turn starts from. */
    private static MessageRecord inTurn(MessageRecord prompt, String turnId) {
        return new MessageRecord(prompt.messageId(), prompt.sessionId(), prompt.role(), prompt.subtype(),
                prompt.content(), prompt.timestamp(), turnId);
    }

    private static String newTurnId() {
        return "turn_" + UUID.randomUUID();
    }
}
