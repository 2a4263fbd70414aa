package io.portagent.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.portagent.llm.KeyCheck;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks each provider's key at start-up and every {@code PROVIDER_CHECK_INTERVAL}: one model-list
 * call each ({@link KeyCheck}). The result goes to the log (at start-up with the banner, later
 * when it changes), to the admin health details and to {@code portagent_provider_up}. A provider
 * that is down or refuses the key never stops the service: the check only reports. Owns one
 * thread, {@code portagent-provider-check}.
 */
public final class ProviderChecks implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ProviderChecks.class);
    /** How long start-up waits for the first answers, so they appear with the banner. */
    private static final Duration FIRST_WAIT = Duration.ofSeconds(3);

    private final Supplier<Map<String, CompletableFuture<KeyCheck>>> checks;
    private final MeterRegistry registry;
    private final Map<String, KeyCheck> latest = new ConcurrentHashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "portagent-provider-check");
        thread.setDaemon(true);
        return thread;
    });

    /** {@code checks}: starts one check per provider in use now (the console may change them). */
    public ProviderChecks(Supplier<Map<String, CompletableFuture<KeyCheck>>> checks, MeterRegistry registry) {
        this.checks = Objects.requireNonNull(checks, "checks");
        this.registry = registry;
    }

    /** Checks every provider now, waits a few seconds for the answers, then again each {@code interval} (if not zero). */
    public void start(Duration interval) {
        Map<String, CompletableFuture<KeyCheck>> first = checks.get();
        first.forEach((provider, check) -> check.thenAccept(result -> record(provider, result)));
        try {
            CompletableFuture.allOf(first.values().toArray(CompletableFuture[]::new))
                    .get(FIRST_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.info("Provider key check: no answer within {} s yet; the result is logged when it comes",
                    FIRST_WAIT.toSeconds());
        } catch (ExecutionException e) {
            LOG.warn("Provider key check failed: {}", e.getCause().toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!interval.isZero()) {
            timer.scheduleWithFixedDelay(this::checkAll, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /** The last result of each provider checked so far, in the order they were first checked. */
    public Map<String, KeyCheck> results() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(latest));
    }

    private void checkAll() {
        try {
            checks.get().forEach((provider, check) -> check.thenAccept(result -> record(provider, result)));
        } catch (RuntimeException e) { // keep the schedule alive: the next round may work
            LOG.warn("Provider key check could not start: {}", e.toString());
        }
    }

    private void record(String provider, KeyCheck result) {
        KeyCheck before = latest.put(provider, result);
        if (before == null) {
            Gauge.builder("portagent.provider.up", latest, m -> up(m.get(provider))).tag("provider", provider)
                    .description("1 while the provider's model list accepts its key (checked every"
                            + " PROVIDER_CHECK_INTERVAL)").register(registry);
        }
        if (before == null || before.outcome() != result.outcome()) {
            String line = "Provider " + provider + ": " + result.outcome().word() + " - " + result.detail();
            if (result.outcome() == KeyCheck.Outcome.OK) {
                LOG.info(line);
            } else {
                LOG.warn(line);
            }
        }
    }

    private static double up(KeyCheck check) {
        return check != null && check.outcome() == KeyCheck.Outcome.OK ? 1 : 0;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
