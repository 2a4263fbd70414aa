package io.portagent.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.portagent.agent.TurnObserver;
import io.portagent.agent.TurnStatus;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Turns: how many ended by outcome, how long they took, how long the first text took, the error
 * codes users saw, and the tokens by provider, model and direction. Counters are resolved once
 * (per outcome, per model, per error code): a delta costs nothing here, a turn's end a map read.
 */
final class TurnMetrics implements TurnObserver {

    private final MeterRegistry registry;
    private final Function<String, String> providerOfModel;
    private final Map<TurnStatus, Counter> outcomes = new EnumMap<>(TurnStatus.class);
    private final Timer duration;
    private final Timer firstDelta;
    private final Map<String, Counter> errors = new ConcurrentHashMap<>();
    private final Map<String, Counter[]> tokens = new ConcurrentHashMap<>();

    /** {@code providerOfModel}: the provider serving a model id ({@code unknown} if none does now). */
    TurnMetrics(MeterRegistry registry, Function<String, String> providerOfModel) {
        this.registry = registry;
        this.providerOfModel = providerOfModel;
        for (TurnStatus status : TurnStatus.values()) {
            if (status != TurnStatus.RUNNING) {
                outcomes.put(status, Counter.builder("portagent.turns").tag("outcome", status.wireName())
                        .description("Turns ended, by outcome (completed, interrupted, failed)").register(registry));
            }
        }
        duration = Timer.builder("portagent.turn.duration").serviceLevelObjectives(Metrics.TURN_BUCKETS)
                .description("Time from a prompt being sent to its turn's end").register(registry);
        firstDelta = Timer.builder("portagent.first.delta").serviceLevelObjectives(Metrics.FIRST_DELTA_BUCKETS)
                .description("Time from a prompt being sent to the first text of its answer").register(registry);
    }

    @Override
    public void firstDelta(long nanos) {
        firstDelta.record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void ended(TurnStatus status, String errorCode, long nanos) {
        Counter outcome = outcomes.get(status);
        if (outcome != null) {
            outcome.increment();
        }
        duration.record(nanos, TimeUnit.NANOSECONDS);
        if (errorCode != null) {
            errors.computeIfAbsent(errorCode, code -> Counter.builder("portagent.turn.errors").tag("code", code)
                    .description("Error events that ended a turn, by code (rate_limited, storage_full, ...)")
                    .register(registry)).increment();
        }
    }

    @Override
    public void tokens(String model, long input, long output) {
        if (input == 0 && output == 0) {
            return;
        }
        Counter[] counters = tokens.computeIfAbsent(String.valueOf(model), this::tokenCounters);
        counters[0].increment(input);
        counters[1].increment(output);
    }

    private Counter[] tokenCounters(String model) {
        String provider = providerOfModel.apply(model);
        return new Counter[] {tokenCounter(provider, model, "input"), tokenCounter(provider, model, "output")};
    }

    private Counter tokenCounter(String provider, String model, String direction) {
        return Counter.builder("portagent.tokens").tag("provider", provider).tag("model", model)
                .tag("direction", direction).description("Tokens used by turns, by provider, model and direction")
                .register(registry);
    }
}
