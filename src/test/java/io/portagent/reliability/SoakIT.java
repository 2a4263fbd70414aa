package io.portagent.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.testing.Script;
import io.portagent.testing.TestUsers;
import io.portagent.testing.TestUsers.User;
import io.portagent.testing.WsClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Soak: streaming conversations with reconnects and interrupts for a while (2 minutes in
 * {@code mvn verify}, 60 with {@code -Preliability}), the {@code java -jar} process sampled at
 * regular intervals: live heap (a class histogram's total, after its full GC), threads, open file
 * descriptors, SQLite file sizes. The report shows each series' slope per minute over the second
 * half of the run (after warm-up) and the classes that grew most; the test fails on a leak: a
 * slope beyond the noise that is not given back once the load stops. It runs on the service the
 * parts share ({@link Service#shared()}).
 */
class SoakIT {

    private record Sample(long heapKb, int threads, int fds, long sqliteKb) {
    }

    @Test
    void streamingReconnectingAndInterruptingForAWhileLeavesHeapThreadsAndHandlesFlat() throws Exception {
        // -Dportagent.soak.minutes / .conversations: a shorter full soak, say, without the profile's whole hour
        Duration length = Duration.ofMinutes(Integer.getInteger("portagent.soak.minutes", Reliability.count(2, 60)));
        Duration every = Reliability.full() ? Duration.ofMinutes(1) : Duration.ofSeconds(15);
        int conversations = Integer.getInteger("portagent.soak.conversations", Reliability.count(10, 50));
        List<Sample> samples = new ArrayList<>();
        AtomicInteger turns = new AtomicInteger();
        Ends ends = new Ends();
        Service service = Service.shared();
        String[] deltas = new String[40];
        for (int i = 0; i < deltas.length; i++) {
            deltas[i] = "soak" + i + " ";
        }
        service.model.defaultScript(Script.text(deltas).deltaDelay(Duration.ofMillis(20)));
        User user = TestUsers.register(service.base());
        AtomicBoolean running = new AtomicBoolean(true);
        ExecutorService pool = Executors.newFixedThreadPool(conversations);
        for (int c = 0; c < conversations; c++) {
            int index = c;
            pool.execute(() -> converse(service, user, index, running, turns, ends));
        }
        Sample before = sample(service);
        long end = System.nanoTime() + length.toNanos();
        Map<String, Long> warm = null;
        Map<String, Long> late = null;
        while (System.nanoTime() < end) {
            Thread.sleep(every.toMillis());
            samples.add(sample(service));
            if (samples.size() == 2) {
                warm = histogram(service); // after the first interval: pools and caches have had a start
            }
        }
        late = histogram(service);
        running.set(false);
        pool.shutdown();
        assertTrue(pool.awaitTermination(3, TimeUnit.MINUTES), "the conversations stopped"); // a turn waits up to 60 s
        Sample after = sample(service);
        service.model.defaultScript(Script.text("An answer."));
        double perMinute = 60_000.0 / every.toMillis();
        // the slope over the second half of the run: the first half is where caches and pools fill up to their bounds
        List<Sample> settled = samples.subList(samples.size() / 2, samples.size());
        assertTrue(settled.size() >= 3, "too few samples to see a trend: " + samples);
        double heapSlope = perMinute * slope(settled.stream().mapToDouble(Sample::heapKb).toArray());
        double threadSlope = perMinute * slope(settled.stream().mapToDouble(Sample::threads).toArray());
        double fdSlope = perMinute * slope(settled.stream().mapToDouble(Sample::fds).toArray());
        double sqliteSlope = perMinute * slope(settled.stream().mapToDouble(Sample::sqliteKb).toArray());
        Report report = new Report("soak").put("minutes", length.toMinutes()).put("conversations", conversations)
                .put("turns", turns.get());
        ends.report(report);
        report
                .put("before (heap KB after GC, threads, fds, SQLite KB)", before.toString())
                .put("samples while streaming, every " + every.toSeconds() + " s", samples.toString())
                .put("after the conversations stopped", after.toString())
                .put("heap after GC slope, KB per minute (second half)", Math.round(heapSlope))
                .put("thread slope per minute (second half)", round(threadSlope))
                .put("fd slope per minute (second half)", round(fdSlope))
                .put("SQLite size slope, KB per minute (second half; the stored events)", Math.round(sqliteSlope))
                .put("classes grown most between the first and the last sample, KB", grown(warm, late))
                .write();
        assertEquals(turns.get(), ends.total(), "every turn sent was followed");
        assertEquals(0, ends.neverCount(), "turns without conversation_end within " + NEVER.toSeconds() + " s: "
                + ends.never);
        // A leak keeps growing once warm and is not given back when the load stops. Noise: a GC'd heap wanders by
        // a few MB, threads and handles by pools growing to size.
        assertFalse(heapSlope > 1024 && after.heapKb() - before.heapKb() > 32 * 1024, "heap grows: " + samples
                + " then " + after);
        assertFalse(threadSlope > 1 && after.threads() - before.threads() > 20, "threads grow: " + samples);
        assertFalse(fdSlope > 2 && after.fds() - before.fds() > 50, "file descriptors grow: " + samples);
    }

    /** The histogram's total, under a key no class has. */
    private static final String TOTAL = " total";

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }

    /** Bytes per class of the live objects ({@code jcmd GC.class_histogram}, which runs a full GC first). */
    private static Map<String, Long> histogram(Service service) throws IOException, InterruptedException {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        Map<String, Long> bytes = new HashMap<>();
        java.util.regex.Pattern row = java.util.regex.Pattern.compile("^\\s*\\d+:\\s+\\d+\\s+(\\d+)\\s+(\\S+)");
        for (String line : run(jcmd, String.valueOf(service.pid()), "GC.class_histogram").split("\n")) {
            java.util.regex.Matcher m = row.matcher(line);
            if (m.find()) {
                bytes.merge(m.group(2), Long.parseLong(m.group(1)), Long::sum);
            } else if (line.startsWith("Total")) {
                bytes.put(TOTAL, Long.parseLong(line.trim().split("\\s+")[2]));
            }
        }
        return bytes;
    }

    /** The five classes whose live bytes grew most from {@code from} to {@code to}, in KB. */
    private static String grown(Map<String, Long> from, Map<String, Long> to) {
        if (from == null || to == null) {
            return "not sampled";
        }
        return to.entrySet().stream().filter(e -> !TOTAL.equals(e.getKey()))
                .map(e -> Map.entry(e.getKey(), e.getValue() - from.getOrDefault(e.getKey(), 0L)))
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed()).limit(5)
                .map(e -> e.getKey() + " " + (e.getValue() >= 0 ? "+" : "") + e.getValue() / 1024)
                .collect(java.util.stream.Collectors.joining(", "));
    }

    /** How long a turn may take to end before it counts as late; and before it counts as never ended. */
    static final Duration ON_TIME = WsClient.WAIT;
    static final Duration NEVER = Duration.ofSeconds(60);

    /** Each turn's time from its send to its {@code conversation_end}, and the turns that had none within 60 s. */
    static final class Ends {
        private int onTime;
        private int late;
        private long maxLateMs;
        private long maxMs;
        private final List<String> never = new ArrayList<>();
        private final List<Long> all = new ArrayList<>();

        synchronized void ended(long ms) {
            all.add(ms);
            maxMs = Math.max(maxMs, ms);
            if (ms <= ON_TIME.toMillis()) {
                onTime++;
            } else {
                late++;
                maxLateMs = Math.max(maxLateMs, ms);
            }
        }

        synchronized void never(String what) {
            never.add(what);
        }

        synchronized int neverCount() {
            return never.size();
        }

        synchronized int total() {
            return onTime + late + never.size();
        }

        synchronized long percentile(double p) {
            if (all.isEmpty()) {
                return 0;
            }
            List<Long> sorted = all.stream().sorted().toList();
            return sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1));
        }

        synchronized void report(Report report) {
            report.put("turns ended within " + ON_TIME.toSeconds() + " s of their send", onTime)
                    .put("turns ended late (after " + ON_TIME.toSeconds() + " s, within " + NEVER.toSeconds() + " s)",
                            late + (late > 0 ? ", the latest after " + maxLateMs + " ms" : ""))
                    .put("turns without an end event after " + NEVER.toSeconds() + " s (must be 0)", never.size())
                    .put("time from send to conversation_end, ms (median, 99th percentile, max)",
                            percentile(0.5) + ", " + percentile(0.99) + ", " + maxMs);
            if (!never.isEmpty()) {
                report.put("turns without an end (first 20)", String.join("; ", never.subList(0,
                        Math.min(20, never.size()))));
            }
        }
    }

    /**
     * One conversation: turns, every third interrupted, the socket dropped and reopened every
     * fifth. Each turn is followed by its id (its {@code user_message} event carries the message
     * id the send answered with) to its own {@code conversation_end}, up to 60 s after the send.
     */
    private static void converse(Service service, User user, int index, AtomicBoolean running, AtomicInteger turns,
            Ends ends) {
        WsClient ws = WsClient.connect(service.base(), user.token());
        try {
            String imageId = ws.request("image_create", Json.createObjectBuilder().add("name", "soak " + index))
                    .getJsonObject("data").getJsonObject("image").getString("imageId");
            boolean subscribed = false;
            for (int i = 0; running.get(); i++) {
                if (i % 5 == 4) {
                    ws.close();
                    ws = WsClient.connect(service.base(), user.token());
                    subscribed = false;
                }
                if (!subscribed) {
                    ws.request("subscribe", Json.createObjectBuilder().add("imageId", imageId));
                    subscribed = true;
                }
                long sentAt = System.nanoTime();
                JsonObject sent = ws.request("message_send", Json.createObjectBuilder().add("imageId", imageId)
                        .add("content", "turn " + i));
                if (sent.containsKey("error")) {
                    java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
                    continue; // busy: the previous turn's end is on its way
                }
                turns.incrementAndGet();
                String messageId = sent.getJsonObject("data").getString("messageId");
                if (i % 3 == 2) {
                    ws.request("agent_interrupt", Json.createObjectBuilder().add("imageId", imageId));
                }
                String what = "conversation " + index + " turn " + i + " (message " + messageId + ")";
                String turnId = null;
                try {
                    WsClient current = ws;
                    turnId = turnOf(current.await(f -> isUserMessage(f, messageId), "the turn's user_message",
                            left(sentAt)));
                    String id = turnId;
                    current.await(f -> "conversation_end".equals(f.getString("type", null))
                            && id.equals(turnOf(f)), "the turn's end", left(sentAt));
                    ends.ended((System.nanoTime() - sentAt) / 1_000_000);
                } catch (AssertionError e) {
                    ends.never(what + (turnId == null ? " without its user_message" : " " + turnId)
                            + (i % 3 == 2 ? ", interrupted" : ""));
                }
            }
        } finally {
            ws.close();
        }
    }

    private static Duration left(long sentAt) {
        return NEVER.minusNanos(System.nanoTime() - sentAt).isNegative() ? Duration.ZERO
                : NEVER.minusNanos(System.nanoTime() - sentAt);
    }

    private static boolean isUserMessage(JsonObject frame, String messageId) {
        return "user_message".equals(frame.getString("type", null)) && frame.containsKey("data")
                && messageId.equals(frame.getJsonObject("data").getString("messageId", null));
    }

    private static String turnOf(JsonObject event) {
        JsonObject context = event.getJsonObject("context");
        return context == null ? null : context.getString("turnId", null);
    }

    private static Sample sample(Service service) throws IOException, InterruptedException {
        long pid = service.pid();
        // the bytes of the live objects, counted by a histogram after a full GC: GC.heap_info's "used" right after a
        // GC.run also counts what 50 streams allocate in between and G1's partly filled regions (+-15 MB under load)
        long heap = histogram(service).getOrDefault(TOTAL, -1024L) / 1024;
        int threads = Files.readAllLines(Path.of("/proc/" + pid + "/status")).stream()
                .filter(l -> l.startsWith("Threads:")).map(l -> Integer.parseInt(l.split("\\s+")[1])).findFirst()
                .orElse(-1);
        int fds;
        try (Stream<Path> list = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            fds = (int) list.count();
        }
        long sqlite;
        try (Stream<Path> files = Files.list(service.dataDir.resolve("data"))) {
            sqlite = files.filter(f -> f.getFileName().toString().contains(".db")).mapToLong(f -> f.toFile().length())
                    .sum() / 1024;
        }
        return new Sample(heap, threads, fds, sqlite);
    }

    /**
     * The command's output. It goes to a file, not a pipe: a class histogram is far more than a
     * pipe holds, and a command that cannot write waits until its reader reads (which, read after
     * the wait, made every sample take the whole minute and the soak take only two samples).
     */
    private static String run(String... command) throws IOException, InterruptedException {
        Path output = Files.createTempFile("soak-jcmd", ".txt");
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                    .start();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IOException(String.join(" ", command) + " did not finish within 60 s");
            }
            return Files.readString(output, StandardCharsets.UTF_8);
        } finally {
            Files.deleteIfExists(output);
        }
    }

    /** Least-squares slope of the series against its index, skipping the first sample (warm-up). */
    static double slope(double[] ys) {
        int n = ys.length - 1;
        if (n < 2) {
            return 0;
        }
        double sx = 0;
        double sy = 0;
        double sxy = 0;
        double sxx = 0;
        for (int i = 1; i < ys.length; i++) {
            sx += i;
            sy += ys[i];
            sxy += i * ys[i];
            sxx += (double) i * i;
        }
        return (n * sxy - sx * sy) / (n * sxx - sx * sx);
    }
}
