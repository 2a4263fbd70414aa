package io.portagent.agent;

import io.portagent.llm.FailureCode;
import io.portagent.llm.LlmFailure;
import io.portagent.llm.LlmListener;
import io.portagent.llm.StreamEvent;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call of the model within a turn, as the model client's threads deliver it: the answer
 * streams in (saved about once a second), then the turn hears how the call ended. Every callback
 * holds the turn's monitor, so events leave in the turn's one order, and is dropped once the turn
 * has moved past this call: a stopped call's late events change nothing.
 */
final class ModelRound implements LlmListener {

    static final long CHECKPOINT_MILLIS = 1_000;
    private static final Logger LOG = LoggerFactory.getLogger(ModelRound.class);

    private final TurnRunner turn;
    private final StreamedAnswer answer;
    private final TurnEvents events;
    private final Clock clock;
    private long lastCheckpointAt;

    ModelRound(TurnRunner turn, StreamedAnswer answer, TurnEvents events, Clock clock) {
        this.turn = turn;
        this.answer = answer;
        this.events = events;
        this.clock = clock;
        this.lastCheckpointAt = clock.millis();
    }

    @Override
    public void onEvent(StreamEvent event) {
        synchronized (turn) {
            if (turn.isStreaming(this)) {
                answer.take(event, events);
                if (event instanceof StreamEvent.TextDelta) {
                    turn.deltaAnnounced();
                }
                long now = clock.millis();
                if (now - lastCheckpointAt >= CHECKPOINT_MILLIS) {
                    lastCheckpointAt = now;
                    turn.checkpoint(turn.answerMessages(false));
                }
            }
        }
    }

    @Override
    public void onComplete() {
        synchronized (turn) {
            if (turn.isStreaming(this)) {
                events.messageStop(answer.stopReason().wireName());
                events.usage(answer.inputTokens(), answer.outputTokens());
                turn.answered();
            }
        }
    }

    /** The provider was busy or unreachable: subscribers hear which attempt comes next, and when. */
    @Override
    public void onRetry(int next, int maxAttempts, FailureCode code, long delayMillis) {
        synchronized (turn) {
            if (turn.isStreaming(this)) {
                events.retrying(next, maxAttempts, code.wireName(), delayMillis);
            }
        }
    }

    @Override
    public void onFailure(LlmFailure failure) {
        synchronized (turn) {
            if (turn.isStreaming(this)) {
                LOG.debug("Model call failed: {} {}", failure.code(), failure.message());
                turn.fail(failure.code().wireName(), failure.message(), failure.code().isRecoverable());
            }
        }
    }
}
