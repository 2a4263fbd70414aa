package io.portagent.agent;

/**
 * Where a subscriber's events go. Called with the session's lock held, in seq order, from
 * whichever thread produced the event (often the HTTP client's I/O thread): implementations
 * must only enqueue, never block or do I/O inline.
 */
@FunctionalInterface
public interface EventSink {
    void accept(AgentEvent event);

    /**
     * Whether an earlier event is still on its way to this subscriber (its socket is sending):
     * then a text delta appended now would only queue behind it, and the turn may hold it a few
     * milliseconds to join it with the next ({@code TurnEvents}). Called like {@link #accept}.
     */
    default boolean busy() {
        return false;
    }
}
