package io.portagent.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.portagent.agent.AgentRuntime;
import io.portagent.agent.TurnObserver;
import io.portagent.auth.LoginCounts;
import io.portagent.llm.LlmObserver;
import io.portagent.store.Database;
import io.portagent.tools.mcp.McpTools;
import io.portagent.ws.Connections;
import java.time.Duration;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The service's one meter registry, in the Prometheus text format. Every family of ours is named
 * {@code portagent.*} here (Prometheus sees {@code portagent_*}); the JVM's come from Micrometer's
 * binders, Tomcat's thread pools from JMX ({@link TomcatThreadPools}). No label ever carries a
 * user's name or id. Thread-safe.
 */
public final class Metrics implements AutoCloseable {

    /** Histogram buckets of a turn: seconds to minutes. */
    static final Duration[] TURN_BUCKETS = seconds(0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600);
    /** Histogram buckets of the first delta: what a user waits for before text appears. */
    static final Duration[] FIRST_DELTA_BUCKETS = seconds(0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30);
    /** Histogram buckets of a database commit: sub-millisecond to a stalled disk. */
    static final Duration[] COMMIT_BUCKETS = seconds(0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1);

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final TomcatThreadPools tomcat;

    public Metrics() {
        // Two of Micrometer's names that promtool's lint rejects: CPU time in ns (process_cpu_usage
        // says the same), and a gauge ending in _count, which reads as a histogram's count.
        registry.config().meterFilter(MeterFilter.deny(id -> id.getName().equals("process.cpu.time")));
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public Meter.Id map(Meter.Id id) {
                return id.getName().equals("system.cpu.count") ? id.withName("system.cpu.cores") : id;
            }
        });
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        gc.bindTo(registry);
        tomcat = new TomcatThreadPools(registry);
    }

    /** The recorder of the model clients' calls, to start each provider's client with. */
    public LlmObserver llmObserver() {
        return new LlmMetrics(registry);
    }

    /** The recorder of turns; {@code providerOfModel} names the provider serving a model id. */
    public TurnObserver turnObserver(Function<String, String> providerOfModel) {
        return new TurnMetrics(registry, providerOfModel);
    }

    public void watch(Connections connections) {
        ServiceMeters.sockets(registry, connections);
    }

    public void watch(AgentRuntime runtime) {
        ServiceMeters.runtime(registry, runtime);
    }

    public void watch(LoginCounts logins) {
        ServiceMeters.logins(registry, logins);
    }

    public void watch(McpTools mcp) {
        ServiceMeters.mcp(registry, mcp);
    }

    /** A database's commits, full disk and health ({@code healthy} runs at each scrape). */
    public void watch(Database database, Predicate<Database> healthy) {
        ServiceMeters.database(registry, database, healthy);
    }

    public MeterRegistry registry() {
        return registry;
    }

    /** The current values in the Prometheus text format (version 0.0.4). */
    public String scrape() {
        tomcat.refresh(); // the connectors start after the application: their pools appear late
        return registry.scrape();
    }

    /** The content type of {@link #scrape()}. */
    public static String contentType() {
        return "text/plain; version=0.0.4; charset=utf-8";
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }

    private static Duration[] seconds(double... values) {
        Duration[] buckets = new Duration[values.length];
        for (int i = 0; i < values.length; i++) {
            buckets[i] = Duration.ofNanos(Math.round(values[i] * 1e9));
        }
        return buckets;
    }
}
