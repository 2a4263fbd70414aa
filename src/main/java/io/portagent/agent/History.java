package io.portagent.agent;

import java.util.List;
import java.util.Optional;

/**
 * A conversation's stored messages and the last seq they reflect (subscribing after it continues
 * without gap), and the tokens of its last turn that used any.
 */
public record History(List<Message> messages, long lastSeq, Optional<Usage> lastTurn) {

    /** Tokens a turn used, over all its model calls. */
    public record Usage(int inputTokens, int outputTokens) {
    }
}
