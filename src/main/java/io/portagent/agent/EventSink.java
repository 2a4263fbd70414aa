package io.portagent.agent;

/**
 * Where a subscriber's events go. Called with the session's lock held, in seq order, from
 * whichever thread produced the event (often the HTTP client's I/O thread): implementations
 * must only enqueue, never block or do I/O inline.
 */
@FunctionalInterface
public interface EventSink {
    void accept(AgentEvent event);
}
