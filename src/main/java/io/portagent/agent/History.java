package io.portagent.agent;

import java.util.List;
import java.util.Optional;

/**
 * A conversation's stored messages and the last seq they reflect (subscribing after it continues
 * without gap), and the tokens of its last turn that used any; each turn's status and tokens, oldest first.
 */
public record History(List<Message> messages, long lastSeq, Optional<Usage> lastTurn, List<Turn> turns) {

    /** Tokens a turn used, over all its model calls. */
    public record Usage(int inputTokens, int outputTokens) {
    }

    /**
     * How one turn ended ({@link TurnStatus}'s wire name), why an interrupted one stopped
     * ({@link StopCause}'s wire name, null if unknown), and what it used: what a reload shows under it.
     */
    public record Turn(String turnId, String status, Usage usage, String stopCause) {
    }
}
