package io.portagent.agent;

import io.portagent.testing.Await;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** A subscriber that keeps every event and lets a test wait, with a deadline, for one. */
class CollectingSink implements EventSink {

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

    /**
     * {@link #types()} with each run of text deltas counted once: deltas the model sent in one
     * network read reach the session joined, so how many there are depends on timing.
     */
    synchronized List<String> typesJoined() {
        List<String> types = new ArrayList<>();
        for (String type : types()) {
            String text = EventType.TEXT_DELTA.wireName();
            if (!(type.equals(text) && !types.isEmpty() && types.get(types.size() - 1).equals(text))) {
                types.add(type);
            }
        }
        return types;
    }

    /** Waits until an event of this type has arrived; returns it. */
    AgentEvent await(EventType type, Duration timeout) {
        return await(e -> e.type() == type, timeout, type.wireName());
    }

    synchronized AgentEvent await(Predicate<AgentEvent> match, Duration timeout, String what) {
        return Await.untilNotified(this, what, timeout, () -> events.stream().filter(match).findFirst(),
                java.util.Optional::isPresent).get();
    }

    /** Waits for {@code n} events of a type. */
    synchronized void awaitCount(EventType type, int n, Duration timeout) {
        Await.untilNotified(this, n + " x " + type.wireName(), timeout, this::types,
                types -> types.stream().filter(type.wireName()::equals).count() >= n);
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
