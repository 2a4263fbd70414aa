package io.portagent.agent;

import io.portagent.agent.SessionWriter.Urgency;
import io.portagent.store.MessageRecord;
import io.portagent.store.TurnRepository.TurnRow;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/** A turn's side of its session's writer: its row and messages, staged as a start, a checkpoint or a close. */
record TurnWrites(SessionWriter writer, EventContext context, Clock clock, long startedAt, String model,
        String userId) {

    /** The writes of {@code userId}'s turn that starts now, asking {@code model}. */
    static TurnWrites startingNow(SessionWriter writer, EventContext context, Clock clock, String model,
            String userId) {
        return new TurnWrites(writer, context, clock, clock.millis(), model, userId);
    }

    /** The prompt and the running turn, together or not at all; tried even after a failed write. */
    CompletableFuture<Void> start(MessageRecord prompt) {
        return writer.save(row(TurnStatus.RUNNING, 0, new StreamedAnswer()), List.of(prompt), Urgency.MUST_TRY);
    }

    /** Takes back a start that could not be stored: its user was told so. */
    void withdraw() {
        writer.withdraw(context.turnId());
    }

    /** A periodic save while the turn runs, with the tokens counted so far. */
    CompletableFuture<Void> checkpoint(List<MessageRecord> messages, StreamedAnswer tokens) {
        return writer.save(row(TurnStatus.RUNNING, 0, tokens), messages, Urgency.CHECKPOINT);
    }

    /** The turn's last write; tried even after a failed one. */
    CompletableFuture<Void> close(TurnStatus status, List<MessageRecord> messages, StreamedAnswer tokens) {
        return close(status, null, messages, tokens, null);
    }

    /** The turn's last write, and {@code announce} (its closing event) once it is staged. */
    CompletableFuture<Void> close(TurnStatus status, StopCause cause, List<MessageRecord> messages,
            StreamedAnswer tokens, Runnable announce) {
        TurnRow row = row(status, clock.millis(), tokens);
        TurnRow closing = cause == null ? row : new TurnRow(row.turnId(), row.status(), row.startedAt(), row.endedAt(),
                row.inputTokens(), row.outputTokens(), row.model(), row.userId(), row.day(), cause.wireName());
        return writer.save(closing, messages, Urgency.MUST_TRY, announce);
    }

    MessageRecord message(MessageKind kind, String content) {
        return kind.record(UUID.randomUUID().toString(), content, context, clock.millis());
    }

    MessageRecord error(String code, String text) {
        return message(MessageKind.ERROR, MessageContent.error(code, text));
    }

    private TurnRow row(TurnStatus status, long endedAt, StreamedAnswer tokens) {
        return new TurnRow(context.turnId(), status.wireName(), startedAt, endedAt, tokens.inputTokens(),
                tokens.outputTokens(), model, userId, UsageLedger.day(startedAt, clock));
    }
}
