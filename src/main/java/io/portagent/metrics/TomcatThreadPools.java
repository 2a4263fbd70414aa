package io.portagent.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.lang.management.ManagementFactory;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tomcat's connector thread pools, read from the platform MBean server: {@code Catalina:type=ThreadPool}
 * on a standalone Tomcat, {@code Tomcat:type=ThreadPool} in the embedded one (the domain is the
 * engine's name, so any domain is read). Micrometer's own
 * Tomcat binder needs Tomcat's classes, which a WAR on an app server cannot see; JMX works on
 * any of them, and where there is no such MBean (Payara) there are simply no series. Names as
 * Micrometer's binder gives them ({@code tomcat_threads_busy_threads{name="http-nio-5200"}}).
 */
final class TomcatThreadPools {

    private static final Logger LOG = LoggerFactory.getLogger(TomcatThreadPools.class);

    private final MeterRegistry registry;
    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private final Set<ObjectName> bound = ConcurrentHashMap.newKeySet();

    TomcatThreadPools(MeterRegistry registry) {
        this.registry = registry;
        refresh();
    }

    /** Adds gauges for the pools that appeared since the last call (a query of names: cheap). */
    void refresh() {
        try {
            // any domain: it is the engine's name, Catalina or Tomcat unless a server.xml names it otherwise
            server.queryNames(new ObjectName("*:type=ThreadPool,*"), null).stream()
                    .filter(n -> n.getKeyProperty("name") != null).filter(bound::add).forEach(this::bind);
        } catch (JMException e) {
            LOG.debug("Tomcat thread pools unreadable: {}", e.toString());
        }
    }

    private void bind(ObjectName pool) {
        String name = pool.getKeyProperty("name").replace("\"", "");
        gauge("tomcat.threads.busy", pool, name, "currentThreadsBusy", "Busy threads of the connector's pool");
        gauge("tomcat.threads.current", pool, name, "currentThreadCount", "Threads of the connector's pool");
        gauge("tomcat.threads.config.max", pool, name, "maxThreads", "The connector pool's maximum of threads");
        gauge("tomcat.connections.current", pool, name, "connectionCount", "Open connections of the connector");
        gauge("tomcat.connections.config.max", pool, name, "maxConnections", "The connector's maximum of connections");
    }

    private void gauge(String meter, ObjectName pool, String name, String attribute, String help) {
        Gauge.builder(meter, server, s -> read(s, pool, attribute)).tag("name", name).description(help)
                .baseUnit(meter.contains("threads") ? "threads" : "connections").register(registry);
    }

    /** NaN once the pool is gone (the connector stopped), which Prometheus shows as no value. */
    private static double read(MBeanServer server, ObjectName pool, String attribute) {
        try {
            Object value = server.getAttribute(pool, attribute);
            return value instanceof Number n ? n.doubleValue() : Double.NaN;
        } catch (JMException | RuntimeException e) {
            return Double.NaN;
        }
    }
}
