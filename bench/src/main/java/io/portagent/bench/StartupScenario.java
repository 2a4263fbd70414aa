package io.portagent.bench;

import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code java -jar portagent.war} (the run's JVM options) from the process's start to the first
 * {@code GET /health} that answers 200, polled every few milliseconds: N times with a fresh data
 * directory, and each time again on the data directory the first start left (migrations done,
 * keys made). Where the time goes, as far as the server's console shows it (fresh starts): the
 * process's start to its first log line (the JVM, the launcher, Tomcat, up to the application's
 * first line), to the "listening" line (seen by the bench, within its 20 ms poll), and from there
 * to the first 200 of /health; and the console lines that state a duration in ms, but the access
 * log's (none yet; kept for when the server logs its phases).
 */
final class StartupScenario {

    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final long POLL_MS = 5;
    private static final Pattern LOG_TIME = Pattern.compile("^(\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d\\.\\d{3}) ",
            Pattern.MULTILINE);
    private static final Pattern TIMING_LINE = Pattern.compile("^.*\\b\\d+(\\.\\d+)? ?ms\\b.*$", Pattern.MULTILINE);
    private static final DateTimeFormatter LOG_FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS");
    private static final int KEPT_TIMING_LINES = 20;
    private static final String ACCESS_LOG = "io.portagent.access";

    private final BenchContext bench;
    private final Scenario.Startup spec;

    StartupScenario(BenchContext bench, Scenario.Startup spec) {
        this.bench = bench;
        this.spec = spec;
    }

    Map<String, Object> run() {
        if (bench.servers == null) {
            throw new IllegalArgumentException(spec.name() + " starts servers of its own: it cannot run with --base-url");
        }
        Samples fresh = new Samples();
        Samples existing = new Samples();
        Samples toFirstLog = new Samples();
        Samples toListening = new Samples();
        Samples listeningToHealthy = new Samples();
        List<String> timingLines = new ArrayList<>();
        for (int i = 0; i < spec.starts(); i++) {
            try (ServerProcess server = bench.servers.get()) {
                long healthy = untilHealthy(server);
                fresh.add(healthy);
                phases(server, toFirstLog, toListening);
                listeningToHealthy.add(healthy - (server.listeningNanos() - server.startedNanos()));
                server.restart(START_TIMEOUT);
                existing.add(untilHealthy(server));
                if (i == spec.starts() - 1) {
                    timingLines.addAll(timingLines(server.output()));
                }
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("scenario", spec.name());
        result.put("kind", "startup");
        result.put("starts", spec.starts());
        result.put("freshDataDirMsP50", Report.round(fresh.millisAt(50)[0]));
        result.put("freshDataDirMsMax", Report.round(fresh.millisAt(100)[0]));
        result.put("existingDataDirMsP50", Report.round(existing.millisAt(50)[0]));
        result.put("existingDataDirMsMax", Report.round(existing.millisAt(100)[0]));
        result.put("toFirstLogLineMsP50", Report.round(toFirstLog.millisAt(50)[0]));
        result.put("toListeningMsP50", Report.round(toListening.millisAt(50)[0]));
        result.put("listeningToHealthyMsP50", Report.round(listeningToHealthy.millisAt(50)[0]));
        result.put("timingLines", timingLines);
        result.put("errors", 0);
        return result;
    }

    /** Nanoseconds from the process's start to a 200 from /health (the server listens by now). */
    private static long untilHealthy(ServerProcess server) {
        PortalApi api = new PortalApi(server.base());
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!api.healthy()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("/health did not answer 200 within " + START_TIMEOUT);
            }
            try {
                Thread.sleep(POLL_MS); // polling is the measurement: nothing to await on
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
        return System.nanoTime() - server.startedNanos();
    }

    /** Process start → the server's first log line (its timestamp, wall clock) → the listening line (seen by the bench). */
    private static void phases(ServerProcess server, Samples toFirstLog, Samples toListening) {
        Matcher first = LOG_TIME.matcher(server.output());
        if (first.find()) {
            long firstMillis = LocalDateTime.parse(first.group(1), LOG_FORMAT).atZone(ZoneId.systemDefault())
                    .toInstant().toEpochMilli();
            toFirstLog.add((firstMillis - server.startedWallMillis()) * 1_000_000L);
        }
        toListening.add(server.listeningNanos() - server.startedNanos());
    }

    private static List<String> timingLines(String output) {
        List<String> lines = new ArrayList<>();
        Matcher matcher = TIMING_LINE.matcher(output);
        while (matcher.find() && lines.size() < KEPT_TIMING_LINES) {
            if (!matcher.group().contains(ACCESS_LOG)) { // the bench's own /health polls
                lines.add(matcher.group().trim());
            }
        }
        return lines;
    }
}
