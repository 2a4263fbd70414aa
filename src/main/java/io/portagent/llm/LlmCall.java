package io.portagent.llm;

/** A running call to the provider, returned by {@link LlmClient#stream}. Thread-safe. */
public interface LlmCall {

    /**
     * Ends the call now: aborts the HTTP exchange (its connection is closed, not returned to the
     * pool) or the pending retry, and delivers {@code onFailure(cancelled)} on this thread before
     * returning. If another listener call is running at that moment, waits for it to return.
     *
     * @return true if this cancel ended the call, false if it had already ended
     */
    boolean cancel();

    /** Whether the listener's terminal method has been called (or is being called). */
    boolean isDone();
}
