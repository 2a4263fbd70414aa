package io.portagent.agent;

import io.portagent.agent.SessionWriter.Urgency;
import io.portagent.agent.Sessions.Session;
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

    private void recover(RunningTurn crashed) {
        TurnRow turn = crashed.turn();
        Session session = sessions.acquire(crashed.sessionId());
        try {
            session.log().skip(SEQ_GAP);
            TurnEvents events = new TurnEvents(session.log(), new EventContext(crashed.containerId(),
                    crashed.conversationId(), crashed.sessionId(), turn.turnId()), turn.model());
            events.interrupted();
            events.conversationEnd("interrupted");
            session.writer().save(new TurnRow(turn.turnId(), TurnStatus.INTERRUPTED.wireName(), turn.startedAt(),
                    clock.millis(), turn.inputTokens(), turn.outputTokens(), turn.model(), null, null), List.of(),
                    Urgency.MUST_TRY)
                    .join();
            LOG.warn("Turn {} of conversation {} was cut short by a restart; closed as interrupted", turn.turnId(),
                    crashed.conversationId());
        } finally {
            sessions.release(crashed.sessionId());
        }
    }
}
