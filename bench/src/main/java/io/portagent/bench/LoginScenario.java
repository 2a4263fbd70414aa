package io.portagent.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * N sign-ins of existing accounts, a few at a time: bcrypt (cost 10) dominates, so this is the
 * server's password-hashing rate. Reported as it is; the cost factor is not lowered for it.
 */
final class LoginScenario {

    /** Two sign-ins per core keep the server's cores busy without queueing many in Tomcat. */
    private static final int CONCURRENCY = Math.max(2, 2 * Runtime.getRuntime().availableProcessors());

    private final BenchContext bench;
    private final Scenario.Login spec;

    LoginScenario(BenchContext bench, Scenario.Login spec) {
        this.bench = bench;
        this.spec = spec;
    }

    Map<String, Object> run() {
        Samples latency = new Samples();
        AtomicLong errors = new AtomicLong();
        List<String> problems = new ArrayList<>();
        double cpuBefore = bench.proc.cpuSeconds();
        long start = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENCY);
        try {
            List<Future<?>> logins = new ArrayList<>();
            for (int i = 0; i < spec.logins(); i++) {
                String username = bench.accounts.get(i % bench.accounts.size()).username();
                logins.add(pool.submit(() -> {
                    long sent = System.nanoTime();
                    try {
                        bench.api.login(username);
                        latency.add(System.nanoTime() - sent);
                    } catch (RuntimeException e) {
                        if (errors.incrementAndGet() <= 5) {
                            synchronized (problems) {
                                problems.add(e.getMessage());
                            }
                        }
                    }
                }));
            }
            for (Future<?> login : logins) {
                login.get(5, TimeUnit.MINUTES);
            }
        } catch (Exception e) {
            throw new IllegalStateException("the login scenario failed: " + e, e);
        } finally {
            pool.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double cpuAfter = bench.proc.cpuSeconds();
        double[] p = latency.millisAt(50, 99);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("scenario", spec.name());
        result.put("kind", "login");
        result.put("logins", spec.logins());
        result.put("concurrency", CONCURRENCY);
        result.put("loginsPerS", Report.round(latency.size() / seconds));
        result.put("latencyMsP50", Report.round(p[0]));
        result.put("latencyMsP99", Report.round(p[1]));
        result.put("cpuMsPerLogin", cpuBefore < 0 ? -1 : Report.round((cpuAfter - cpuBefore) * 1000 / spec.logins()));
        result.put("errors", errors.get());
        result.put("errorSamples", problems);
        return result;
    }
}
