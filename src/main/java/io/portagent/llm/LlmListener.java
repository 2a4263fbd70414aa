package io.portagent.llm;

/**
 * Receives one call's stream. The contract, per call:
 * <ul>
 *   <li><b>Order.</b> Zero or more {@link #onEvent} calls, then exactly one terminal call:
 *       {@link #onComplete()} (right after {@link StreamEvent.MessageStop}) or {@link #onFailure}.
 *       Nothing follows the terminal call. Retries happen only before the first event (each announced by
 *       {@link #onRetry}), so the events seen always belong to one HTTP response.</li>
 *   <li><b>Threads.</b> Events and most terminal calls arrive on one of the client's I/O reactor
 *       threads ({@code llm-io-N}), which serve every other stream too. A failure may also
 *       arrive on the retry scheduler thread ({@code llm-retry-1}), on the thread that called
 *       {@link LlmClient#stream}, or on the thread that called {@link LlmCall#cancel()}.
 *       Calls for one stream never overlap, and each happens-before the next.</li>
 *   <li><b>Cancel.</b> If {@link LlmCall#cancel()} ends the call, the terminal call is
 *       {@code onFailure} with {@link FailureCode#CANCELLED}, made on the cancelling thread before
 *       {@code cancel()} returns (nested inside the current listener method when a listener cancels
 *       its own call). Once {@code cancel()} has returned, no method of this listener is called
 *       for that call again.</li>
 * </ul>
 *
 * <p><b>Never block in these methods</b>: no database writes that wait on a lock, no blocking
 * sends, no sleeps. A blocked reactor thread stalls hundreds of other streams. Hand the event to
 * a bounded queue or a non-blocking send and return. An exception thrown here is logged and
 * abandons the call (its stream is closed and {@code onFailure(cancelled)} is attempted).
 */
public interface LlmListener {

    /** One decoded part of the answer. */
    void onEvent(StreamEvent event);

    /** The answer is complete ({@code message_stop} was received). */
    void onComplete();

    /** The call failed or was cancelled; partial events already delivered remain valid. */
    void onFailure(LlmFailure failure);

    /**
     * An attempt failed before any event and attempt {@code next} of {@code maxAttempts} starts in
     * {@code delayMillis} (so a person can be told the provider is busy, not just see a spinner).
     * Never a terminal call; nothing else of this call is in flight while it runs.
     */
    default void onRetry(int next, int maxAttempts, FailureCode code, long delayMillis) {
    }
}
