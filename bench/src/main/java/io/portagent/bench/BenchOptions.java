package io.portagent.bench;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The bench's command line, parsed once into a record. Every option has a default that gives
 * the full run of issue #9.
 *
 * @param serverJvm the JVM options of the server process (the documented production options)
 * @param baseUrl   a server that is already running (then {@code pid} is optional and the fake
 *                  model must listen where that server's LLM_PROVIDER_URL points: {@code llmPort})
 */
record BenchOptions(List<Scenario> scenarios, int durationSeconds, int deltas, long intervalMillis,
        List<String> serverJvm, Path war, URI baseUrl, long pid, int llmPort, Path outDir, int accounts,
        BenchProtocol provider, String databaseUrl, int nodes, String listRequest) {

    /** The JVM options of docs/operations.md, the ones the targets are measured with. */
    static final List<String> DOCUMENTED_JVM = List.of("-Xms64m", "-Xmx512m", "-XX:+UseSerialGC",
            "-XX:NewRatio=1", "-XX:SurvivorRatio=3", "-XX:TargetSurvivorRatio=90", "-Xss512k",
            "-XX:ReservedCodeCacheSize=48m", "-XX:TieredStopAtLevel=1");
    static final String DEFAULT_SCENARIOS =
            "streams:10,streams:100,streams:500,streams:1000,streams:10:600:1,idle:5000,login:100,"
            + "burst:100,burst:100:cold,history:10000,list:3000,startup";

    static final String USAGE = String.join("\n",
            "bench/run [options]      (or: bench/run jmh [JMH options])",
            "  --scenarios LIST   comma-separated; default " + DEFAULT_SCENARIOS,
            "                     streams:N[:deltas[:intervalMs]]  N concurrent streaming conversations",
            "                     idle:N                           N idle authenticated WebSockets",
            "                     login:N                          N sign-ins (bcrypt cost 10)",
            "                     burst:N[:cold]                   N users open a new conversation at one instant;",
            "                                                      cold: on a server of its own, just restarted",
            "                     history:N                        first delta with N stored messages vs a new conversation",
            "                     list:N                           listing a user's N conversations (image_list)",
            "                     startup[:N]                      N starts to a healthy /health (default 5), fresh",
            "                                                      data directory and existing one",
            "  --duration S       measured seconds per streams phase (portal and direct each), default 20",
            "  --deltas N         text deltas per answer, default 60",
            "  --interval-ms MS   time between deltas, default 15",
            "  --server-jvm OPTS  the server's JVM options, space-separated; default " + String.join(" ", DOCUMENTED_JVM),
            "  --database-url URL the server's DATABASE_URL (postgresql://...; use an empty database): its storage on",
            "                     PostgreSQL instead of SQLite files",
            "  --nodes 2          with --database-url: two servers on that database; each user sends on the first",
            "                     and watches (subscribed, measured) on the second, so every delta crosses nodes",
            "  --provider P       the protocol the fake model speaks and the server calls it in:",
            "                     anthropic (default) or openai (OpenAI-compatible Chat Completions)",
            "  --war FILE         default target/portagent.war",
            "  --base-url URL     measure a running server instead (start it with LLM_PROVIDER_URL",
            "                     pointing at http://127.0.0.1:<--llm-port>)",
            "  --pid PID          with --base-url: the server's pid, for heap, RSS and CPU",
            "  --llm-port P       the fake model's port (default: any free port)",
            "  --out DIR          where report-<time>.json goes, default target/bench",
            "  --accounts N       register only N accounts and share them round-robin (quicker",
            "                     set-up while tuning; default one per conversation)",
            "  --list-request J   the data of list:N's image_list_request, default {} (e.g. {\"limit\":50} to",
            "                     time a first page once the server pages)");

    static BenchOptions parse(String... args) {
        String scenarios = DEFAULT_SCENARIOS;
        int duration = 20;
        int deltas = 60;
        long interval = 15;
        List<String> jvm = DOCUMENTED_JVM;
        Path war = Path.of("target", "portagent.war");
        URI base = null;
        long pid = -1;
        int llmPort = 0;
        Path out = Path.of("target", "bench");
        int accounts = 0;
        BenchProtocol provider = BenchProtocol.ANTHROPIC;
        String database = null;
        int nodes = 1;
        String listRequest = "{}";
        for (int i = 0; i < args.length; i++) {
            String value = i + 1 < args.length ? args[i + 1] : null;
            switch (args[i]) {
                case "--scenarios" -> scenarios = require(args[i], value);
                case "--duration" -> duration = Integer.parseInt(require(args[i], value));
                case "--deltas" -> deltas = Integer.parseInt(require(args[i], value));
                case "--interval-ms" -> interval = Long.parseLong(require(args[i], value));
                case "--server-jvm" -> jvm = Arrays.asList(require(args[i], value).trim().split("\\s+"));
                case "--war" -> war = Path.of(require(args[i], value));
                case "--base-url" -> base = URI.create(withSlash(require(args[i], value)));
                case "--pid" -> pid = Long.parseLong(require(args[i], value));
                case "--llm-port" -> llmPort = Integer.parseInt(require(args[i], value));
                case "--out" -> out = Path.of(require(args[i], value));
                case "--accounts" -> accounts = Integer.parseInt(require(args[i], value));
                case "--provider" -> provider = BenchProtocol.parse(require(args[i], value));
                case "--database-url" -> database = require(args[i], value);
                case "--nodes" -> nodes = Integer.parseInt(require(args[i], value));
                case "--list-request" -> listRequest = require(args[i], value);
                default -> throw new IllegalArgumentException("Unknown option " + args[i] + "\n" + USAGE);
            }
            i++;
        }
        List<Scenario> parsed = new ArrayList<>();
        for (String scenario : scenarios.split(",")) {
            parsed.add(Scenario.parse(scenario, deltas, interval));
        }
        for (Scenario scenario : parsed) {
            if (base != null && (scenario instanceof Scenario.Startup
                    || scenario instanceof Scenario.Burst burst && burst.cold())) {
                throw new IllegalArgumentException(scenario.name() + " starts servers of its own: not with --base-url");
            }
        }
        if (nodes != 1 && (nodes != 2 || database == null || base != null)) {
            throw new IllegalArgumentException("--nodes 2 needs --database-url and no --base-url");
        }
        return new BenchOptions(List.copyOf(parsed), duration, deltas, interval, List.copyOf(jvm), war, base, pid,
                llmPort, out, accounts, provider, database, nodes, listRequest);
    }

    /** Accounts the run needs: one per concurrent conversation of the largest streams or (warm) burst scenario. */
    int usersNeeded() {
        if (accounts > 0) {
            return accounts;
        }
        int users = 4;
        for (Scenario scenario : scenarios) {
            if (scenario instanceof Scenario.Streams streams) {
                users = Math.max(users, streams.users());
            } else if (scenario instanceof Scenario.Burst burst && !burst.cold()) {
                users = Math.max(users, burst.users());
            }
        }
        return users;
    }

    private static String require(String option, String value) {
        if (value == null) {
            throw new IllegalArgumentException(option + " needs a value\n" + USAGE);
        }
        return value;
    }

    private static String withSlash(String url) {
        return url.endsWith("/") ? url : url + "/";
    }
}
