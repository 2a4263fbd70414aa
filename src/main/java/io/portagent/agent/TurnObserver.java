package io.portagent.agent;

/**
 * Hears how turns go, for metrics: the first text of an answer and each turn's end. Called under
 * the turn's monitor, often on a model client's I/O thread: quick, never blocking (a counter
 * increment, a histogram sample). Never told who the user is.
 */
public interface TurnObserver {

    /** Observes nothing. */
    TurnObserver NONE = new TurnObserver() {
    };

    /** The turn's first text delta was announced, {@code nanos} after the prompt was sent. */
    default void firstDelta(long nanos) {
    }

    /**
     * The turn ended, {@code nanos} after the prompt was sent, with {@code status};
     * {@code errorCode} is the error event's code ({@code rate_limited}, {@code storage_full},
     * {@code max_tool_iterations}, ...) or null when there was none.
     */
    default void ended(TurnStatus status, String errorCode, long nanos) {
    }

    /** The tokens the turn's model calls used, as the usage ledger records them. */
    default void tokens(String model, long input, long output) {
    }
}
