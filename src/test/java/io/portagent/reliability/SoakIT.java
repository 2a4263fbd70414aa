package io.portagent.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * regular intervals: heap after a full GC, threads, open file descriptors, SQLite file sizes.
 * The report shows each series' slope; the test fails on a leak, a slope beyond the noise.
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
        try (Service service = Service.start(Map.of())) {
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
            long end = System.nanoTime() + length.toNanos();
            samples.add(sample(service));
            while (System.nanoTime() < end) {
                Thread.sleep(every.toMillis());
                samples.add(sample(service));
            }
            running.set(false);
            pool.shutdown();
            assertTrue(pool.awaitTermination(2, TimeUnit.MINUTES), "the conversations stopped");
            samples.add(sample(service));
        }
        double heapSlope = slope(samples.stream().mapToDouble(Sample::heapKb).toArray());
        double threadSlope = slope(samples.stream().mapToDouble(Sample::threads).toArray());
        double fdSlope = slope(samples.stream().mapToDouble(Sample::fds).toArray());
        new Report("soak").put("minutes", length.toMinutes()).put("conversations", conversations)
                .put("turns", turns.get()).put("turns without an end", unended.get())
                .put("samples (heap KB after GC, threads, fds, SQLite KB)", samples.toString())
                .put("heap slope KB per sample", Math.round(heapSlope)).put("thread slope per sample", threadSlope)
                .put("fd slope per sample", fdSlope).write();
        assertEquals(0, unended.get(), "turns without conversation_end");
        Sample first = samples.get(1);
        Sample last = samples.get(samples.size() - 1);
        // noise: a GC'd heap wanders by a few MB; threads and handles by pools growing to size
        assertTrue(heapSlope < 2048 || last.heapKb() - first.heapKb() < 32 * 1024, "heap grows: " + samples);
        assertTrue(last.threads() - first.threads() < 20, "threads grow: " + samples);
        assertTrue(last.fds() - first.fds() < 50, "file descriptors grow: " + samples);
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
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        run(jcmd, String.valueOf(pid), "GC.run");
        java.util.regex.Matcher used = java.util.regex.Pattern.compile("used (\\d+)K")
                .matcher(run(jcmd, String.valueOf(pid), "GC.heap_info"));
        long heap = used.find() ? Long.parseLong(used.group(1)) : -1;
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
