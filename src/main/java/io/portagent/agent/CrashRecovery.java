package io.portagent.agent;

import io.portagent.agent.SessionWriter.Urgency;
import io.portagent.agent.Sessions.Session;
import io.portagent.store.MessageRecord;
import io.portagent.store.TurnRepository;
import io.portagent.store.TurnRepository.RunningTurn;
import io.portagent.store.TurnRepository.TurnRow;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes, as interrupted, every turn a crash left running; runs once at start-up. Each session's
 * writer stores the closing events after a gap in {@code seq}, so clients that saw events the
 * crash lost notice it.
 */
final class CrashRecovery {

    /** Seq numbers skipped after a crash. */
    static final long SEQ_GAP = 1_000;
    private static final Logger LOG = LoggerFactory.getLogger(CrashRecovery.class);

    private final TurnRepository turns;
    private final Sessions sessions;
    private final Clock clock;

    CrashRecovery(TurnRepository turns, Sessions sessions, Clock clock) {
        this.turns = turns;
        this.sessions = sessions;
        this.clock = clock;
    }

    int run() {
        List<RunningTurn> crashed = turns.runningTurns();
        crashed.forEach(this::recover);
        return crashed.size();
    }

    /**
     * The turn stays interrupted (what it did stays in the context), and its history says why: an
     * {@code error} message, which the model is never sent, so a reader of the history alone sees the cut.
     */
    private void recover(RunningTurn crashed) {
        MessageRecord error = MessageKind.ERROR.record(java.util.UUID.randomUUID().toString(),
                MessageContent.error(SERVER_RESTARTED, SERVER_RESTARTED_TEXT), context(crashed), clock.millis());
        end(crashed, TurnStatus.INTERRUPTED, List.of(error), events -> {
            events.interrupted(StopCause.OTHER);
            events.error(SERVER_RESTARTED, SERVER_RESTARTED_TEXT, true);
            events.conversationEnd("interrupted");
        });
        LOG.warn("Turn {} of conversation {} was cut short by a restart; closed as interrupted",
                crashed.turn().turnId(), crashed.conversationId());
    }

    /**
     * Ends the turn of a node that died, which this node took over: its text up to that node's
     * last checkpoint stays; subscribers anywhere get an error they may act on, and the end.
     */
    void nodeLost(RunningTurn lost) {
        MessageRecord error = MessageKind.ERROR.record(java.util.UUID.randomUUID().toString(),
                MessageContent.error(NODE_LOST, NODE_LOST_TEXT), context(lost), clock.millis());
        end(lost, TurnStatus.FAILED, List.of(error), events -> {
            events.error(NODE_LOST, NODE_LOST_TEXT, true);
            events.conversationEnd("error");
        });
    }

    private static EventContext context(RunningTurn turn) {
        return new EventContext(turn.containerId(), turn.conversationId(), turn.sessionId(), turn.turn().turnId());
    }

    static final String SERVER_RESTARTED = "server_restarted";
    static final String SERVER_RESTARTED_TEXT = "The server stopped while writing this reply. The reply so far is kept;"
            + " send a message to continue.";
    static final String NODE_LOST = "node_lost";
    static final String NODE_LOST_TEXT = "The server writing this reply stopped. The reply so far is kept; send your"
            + " message again to continue.";

    private void end(RunningTurn turnLeft, TurnStatus status, List<MessageRecord> messages,
            java.util.function.Consumer<TurnEvents> closing) {
        TurnRow turn = turnLeft.turn();
        Session session = sessions.acquire(turnLeft.sessionId());
        try {
            session.catchUp();
            session.log().skip(SEQ_GAP);
            closing.accept(new TurnEvents(session.log(), new EventContext(turnLeft.containerId(),
                    turnLeft.conversationId(), turnLeft.sessionId(), turn.turnId()), turn.model(), null));
            session.writer().save(new TurnRow(turn.turnId(), status.wireName(), turn.startedAt(), clock.millis(),
                    turn.inputTokens(), turn.outputTokens(), turn.model(), null, null,
                    status == TurnStatus.INTERRUPTED ? StopCause.OTHER.wireName() : null), messages, Urgency.MUST_TRY)
                    .join();
        } finally {
            sessions.release(turnLeft.sessionId());
        }
    }
}
