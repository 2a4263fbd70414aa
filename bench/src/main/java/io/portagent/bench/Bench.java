package io.portagent.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * The load benchmark of issue #9: starts the WAR as its own process (or uses a running server),
 * registers the accounts, runs each scenario and writes the report as a table (stdout) and as
 * JSON ({@code report-<time>.json}). Progress goes to stderr. Exit status 1 when any scenario
 * had errors.
 */
public final class Bench {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final int REGISTER_CONCURRENCY = 4;
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")
            .withZone(ZoneOffset.UTC);

    private Bench() {
    }

    public static void main(String[] args) {
        if (args.length > 0 && (args[0].equals("--help") || args[0].equals("-h"))) {
            System.out.println(BenchOptions.USAGE);
            return;
        }
        BenchOptions options;
        try {
            options = BenchOptions.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println("Error: " + e.getMessage());
            System.exit(2);
            return;
        }
        Result result = run(options, System.err);
        System.out.print(result.table());
        System.out.println("JSON: " + result.json());
        System.exit(result.errors() == 0 ? 0 : 1);
    }

    /** What a run produced: the report, where its JSON went, and the total of errors. */
    public record Result(Map<String, Object> report, String table, Path json, long errors) {
    }

    public static Result run(BenchOptions options, PrintStream log) {
        // idle pooled connections to the fake close soon, so one scenario's leave no threads behind
        System.setProperty("jdk.httpclient.keepalive.timeout", "5");
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("startedAt", Instant.now().toString());
        report.put("loadAverageAtStart", loadAverage());
        report.put("cores", Runtime.getRuntime().availableProcessors());
        report.put("java", System.getProperty("java.version"));
        report.put("serverJvmOptions", options.baseUrl() == null ? String.join(" ", options.serverJvm()) : "(given server)");
        report.put("provider", options.provider().name().toLowerCase(java.util.Locale.ROOT));
        report.put("storage", options.databaseUrl() == null ? "sqlite" : "postgresql");
        try (StampedLlm llm = StampedLlm.start(options.llmPort(), options.provider());
             ServerProcess server = options.baseUrl() == null ? ServerProcess.start(options.war(), options.serverJvm(),
                     serverSettings(options, llm.baseUri()), START_TIMEOUT) : null;
             ServerProcess watcher = options.nodes() == 2 ? ServerProcess.start(options.war(), options.serverJvm(),
                     serverSettings(options, llm.baseUri()), START_TIMEOUT) : null) {
            URI base = server != null ? server.base() : options.baseUrl();
            URI watchBase = watcher == null ? null : watcher.base();
            report.put("nodes", options.nodes());
            log.println("bench: server " + base + (watchBase == null ? "" : ", watched on a second node " + watchBase)
                    + ", fake model " + llm.baseUri());
            ProcStats proc = new ProcStats(server != null ? server.pid() : options.pid());
            PortalApi api = new PortalApi(base);
            report.put("idleServer", idleServer(proc));
            List<BenchContext.Account> accounts = register(api, options.usersNeeded(), report, log);
            // servers of their own (cold bursts, start-up times): only when the bench starts the server
            java.util.function.Supplier<ServerProcess> servers = options.baseUrl() != null ? null
                    : () -> ServerProcess.start(options.war(), options.serverJvm(), serverSettings(options, llm.baseUri()),
                            START_TIMEOUT);
            BenchContext bench = new BenchContext(base, watchBase, api, proc, llm, accounts, servers);
            List<Map<String, Object>> results = new ArrayList<>();
            for (Scenario scenario : options.scenarios()) {
                log.println("bench: " + scenario.name() + " (load average " + loadAverage() + ")");
                try {
                    results.add(run(bench, scenario, options));
                } catch (RuntimeException e) {
                    if (server != null) {
                        String output = server.output();
                        log.println("bench: " + scenario.name() + " failed; the server's last output:\n"
                                + output.substring(Math.max(0, output.length() - 4000)));
                    }
                    throw e;
                }
                log.println("bench: " + scenario.name() + " done, errors " + results.get(results.size() - 1).get("errors"));
            }
            report.put("scenarios", results);
            report.put("fakeModelFailures", llm.failures());
            report.put("loadAverageAtEnd", loadAverage());
            long errors = llm.failures();
            for (Map<String, Object> result : results) {
                errors += ((Number) result.get("errors")).longValue();
            }
            report.put("errors", errors);
            Path json = write(options.outDir(), report);
            if (errors > 0) {
                for (ServerProcess kept : new ServerProcess[] {server, watcher}) {
                    if (kept != null) {
                        Path output = json.resolveSibling(json.getFileName().toString().replace(".json", "")
                                + (kept == watcher ? "-watcher" : "") + "-server.log");
                        kept.keepOutput(output);
                        log.println("bench: errors: the server's output is in " + output);
                    }
                }
            }
            return new Result(report, header(report) + Report.table(results), json, errors);
        }
    }

    private static Map<String, Object> run(BenchContext bench, Scenario scenario, BenchOptions options) {
        if (scenario instanceof Scenario.Streams streams) {
            return new StreamsScenario(bench, streams, options.durationSeconds()).run();
        }
        if (scenario instanceof Scenario.Idle idle) {
            return new IdleScenario(bench, idle).run();
        }
        if (scenario instanceof Scenario.Burst burst) {
            return new BurstScenario(bench, burst, options.deltas(), options.intervalMillis()).run();
        }
        if (scenario instanceof Scenario.History history) {
            return new HistoryScenario(bench, history).run();
        }
        if (scenario instanceof Scenario.Listing listing) {
            return new ListScenario(bench, listing, options.listRequest()).run();
        }
        if (scenario instanceof Scenario.Startup startup) {
            return new StartupScenario(bench, startup).run();
        }
        return new LoginScenario(bench, (Scenario.Login) scenario).run();
    }

    /** RSS and heap of the server before any user: settled for a few seconds after start-up. */
    private static Map<String, Object> idleServer(ProcStats proc) {
        pause(Duration.ofSeconds(3));
        Map<String, Object> idle = new LinkedHashMap<>();
        idle.put("rssMb", Report.round(proc.rssMb()));
        idle.put("heapAfterGcMb", Report.round(proc.heapAfterGcMb()));
        idle.put("rssMbAfterGc", Report.round(proc.rssMb()));
        return idle;
    }

    /** Registers the run's accounts and reports the rate. */
    private static List<BenchContext.Account> register(PortalApi api, int count, Map<String, Object> report,
            PrintStream log) {
        log.println("bench: registering " + count + " accounts");
        long start = System.nanoTime();
        List<BenchContext.Account> accounts = registerAccounts(api, count);
        Map<String, Object> registration = new LinkedHashMap<>();
        registration.put("accounts", count);
        registration.put("registrationsPerS", Report.round(count / ((System.nanoTime() - start) / 1e9)));
        report.put("registration", registration);
        return accounts;
    }

    /** Registers {@code count} new accounts, a few at a time (bcrypt-bound); names unique to this moment. */
    static List<BenchContext.Account> registerAccounts(PortalApi api, int count) {
        String prefix = "b" + Long.toString(System.nanoTime() % 1_000_000_000_000L, 36) + "u";
        ExecutorService pool = Executors.newFixedThreadPool(REGISTER_CONCURRENCY);
        try {
            List<Future<BenchContext.Account>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String username = prefix + i;
                futures.add(pool.submit(() -> new BenchContext.Account(username, api.register(username))));
            }
            List<BenchContext.Account> accounts = new ArrayList<>();
            for (Future<BenchContext.Account> future : futures) {
                accounts.add(future.get(10, TimeUnit.MINUTES));
            }
            return accounts;
        } catch (Exception e) {
            throw new IllegalStateException("registering the bench's accounts failed: " + e, e);
        } finally {
            pool.shutdownNow();
        }
    }

    private static String header(Map<String, Object> report) {
        return "Portagent load benchmark, " + report.get("startedAt") + ", " + report.get("cores") + " cores, load average "
                + report.get("loadAverageAtStart") + " -> " + report.get("loadAverageAtEnd") + "\nserver JVM: "
                + report.get("serverJvmOptions") + "\nidle server: " + report.get("idleServer") + "; registration: "
                + report.get("registration") + "\n";
    }

    private static Path write(Path dir, Map<String, Object> report) {
        try {
            Files.createDirectories(dir);
            Path file = dir.resolve("report-" + STAMP.format(Instant.now()) + ".json");
            Files.writeString(file, Report.json(report), StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report", e);
        }
    }

    /** The 1-minute load average (what else ran on the machine), or the JVM's view of it. */
    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return String.valueOf(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        }
    }

    private static void pause(Duration duration) {
        try {
            Thread.sleep(duration.toMillis()); // lets start-up's garbage and threads settle
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The fake model's settings for the server, and its database when the run asks for PostgreSQL. */
    private static java.util.Map<String, String> serverSettings(BenchOptions options, URI llm) {
        java.util.Map<String, String> env = new java.util.HashMap<>(options.provider().serverSettings(llm));
        if (options.databaseUrl() != null) {
            env.put("DATABASE_URL", options.databaseUrl());
        }
        return env;
    }
}
