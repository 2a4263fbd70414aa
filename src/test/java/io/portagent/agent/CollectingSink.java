package io.portagent.agent;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** A subscriber that keeps every event and lets a test wait, with a deadline, for one. */
final class CollectingSink implements EventSink {

    private final List<AgentEvent> events = new ArrayList<>();

    @Override
    public synchronized void accept(AgentEvent event) {
        events.add(event);
        notifyAll();
    }

    synchronized List<AgentEvent> events() {
        return List.copyOf(events);
    }

    synchronized List<String> types() {
        return events.stream().map(e -> e.type().wireName()).toList();
    }

    /** Waits until an event of this type has arrived; returns it. */
    AgentEvent await(EventType type, Duration timeout) {
        return await(e -> e.type() == type, timeout, type.wireName());
    }

    synchronized AgentEvent await(Predicate<AgentEvent> match, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (AgentEvent event : events) {
                if (match.test(event)) {
                    return event;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("no " + what + " within " + timeout + "; got " + types());
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    /** Waits for {@code n} events of a type. */
    synchronized void awaitCount(EventType type, int n, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (events.stream().filter(e -> e.type() == type).count() < n) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError(n + " x " + type.wireName() + " not reached; got " + types());
            }
            try {
                wait(Math.max(1, left / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }
    }

    static JsonObject json(AgentEvent event) {
        return Json.createReader(new StringReader(event.json())).readObject();
    }

    static JsonObject data(AgentEvent event) {
        return json(event).getJsonObject("data");
    }

    /** The concatenated text of every text_delta. */
    synchronized String text() {
        StringBuilder text = new StringBuilder();
        for (AgentEvent event : events) {
            if (event.type() == EventType.TEXT_DELTA) {
                text.append(data(event).getString("text"));
            }
        }
        return text.toString();
    }
}
