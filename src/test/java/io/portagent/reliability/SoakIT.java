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
        Duration length = Duration.ofMinutes(Reliability.count(2, 60));
        Duration every = Reliability.full() ? Duration.ofMinutes(1) : Duration.ofSeconds(15);
        int conversations = Reliability.count(10, 50);
        List<Sample> samples = new ArrayList<>();
        AtomicInteger turns = new AtomicInteger();
        AtomicInteger unended = new AtomicInteger();
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
            pool.execute(() -> converse(service, user, index, running, turns, unended));
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
        assertTrue(pool.awaitTermination(2, TimeUnit.MINUTES), "the conversations stopped");
        Sample after = sample(service);
        service.model.defaultScript(Script.text("An answer."));
        double perMinute = 60_000.0 / every.toMillis();
        // the slope over the second half of the run: the first half is where caches and pools fill up to their bounds
        List<Sample> settled = samples.subList(samples.size() / 2, samples.size());
        double heapSlope = perMinute * slope(settled.stream().mapToDouble(Sample::heapKb).toArray());
        double threadSlope = perMinute * slope(settled.stream().mapToDouble(Sample::threads).toArray());
        double fdSlope = perMinute * slope(settled.stream().mapToDouble(Sample::fds).toArray());
        double sqliteSlope = perMinute * slope(settled.stream().mapToDouble(Sample::sqliteKb).toArray());
        new Report("soak").put("minutes", length.toMinutes()).put("conversations", conversations)
                .put("turns", turns.get()).put("turns without an end", unended.get())
                .put("before (heap KB after GC, threads, fds, SQLite KB)", before.toString())
                .put("samples while streaming, every " + every.toSeconds() + " s", samples.toString())
                .put("after the conversations stopped", after.toString())
                .put("heap after GC slope, KB per minute (second half)", Math.round(heapSlope))
                .put("thread slope per minute (second half)", round(threadSlope))
                .put("fd slope per minute (second half)", round(fdSlope))
                .put("SQLite size slope, KB per minute (second half; the stored events)", Math.round(sqliteSlope))
                .put("classes grown most between the first and the last sample, KB", grown(warm, late))
                .write();
        assertEquals(0, unended.get(), "turns without conversation_end");
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

    /** One conversation: turns, every third interrupted, the socket dropped and reopened every fifth. */
    private static void converse(Service service, User user, int index, AtomicBoolean running, AtomicInteger turns,
            AtomicInteger unended) {
        WsClient ws = WsClient.connect(service.base(), user.token());
        try {
            String imageId = ws.request("image_create", Json.createObjectBuilder().add("name", "soak " + index))
                    .getJsonObject("data").getJsonObject("image").getString("imageId");
            for (int i = 0; running.get(); i++) {
                if (i % 5 == 4) {
                    ws.close();
                    ws = WsClient.connect(service.base(), user.token());
                }
                int ends = countEnds(ws);
                if (ends == 0) {
                    ws.request("subscribe", Json.createObjectBuilder().add("imageId", imageId));
                }
                JsonObject sent = ws.request("message_send", Json.createObjectBuilder().add("imageId", imageId)
                        .add("content", "turn " + i));
                if (sent.containsKey("error")) {
                    java.util.concurrent.locks.LockSupport.parkNanos(Duration.ofMillis(50).toNanos());
                    continue; // busy: the previous turn's end is on its way
                }
                turns.incrementAndGet();
                if (i % 3 == 2) {
                    ws.request("agent_interrupt", Json.createObjectBuilder().add("imageId", imageId));
                }
                WsClient current = ws;
                try {
                    current.await(f -> countEnds(current) > ends, "the turn's end");
                } catch (AssertionError e) {
                    unended.incrementAndGet();
                }
            }
        } finally {
            ws.close();
        }
    }

    private static int countEnds(WsClient ws) {
        return (int) ws.events().stream().filter(e -> "conversation_end".equals(e.getString("type"))).count();
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

    private static String run(String... command) throws IOException, InterruptedException {
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        process.waitFor(60, TimeUnit.SECONDS);
        return new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
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
