package io.portagent.bench;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * N concurrent streaming conversations, measured twice in the same run: first N readers read the
 * fake model directly (the baseline), then N users chat through the portal. Each phase runs
 * {@code duration} seconds; readers start spread over one answer's length so their deltas
 * interleave as independent users' would.
 */
final class StreamsScenario {

    private static final int CONNECTS_IN_FLIGHT = 64;
    private static final Duration GRACE = Duration.ofSeconds(60);

    private final BenchContext bench;
    private final Scenario.Streams spec;
    private final int durationSeconds;

    StreamsScenario(BenchContext bench, Scenario.Streams spec, int durationSeconds) {
        this.bench = bench;
        this.spec = spec;
        this.durationSeconds = durationSeconds;
    }

    Map<String, Object> run() {
        bench.llm.answer(spec.deltas(), spec.intervalMillis());
        TurnStats direct = direct();
        TurnStats portal = new TurnStats();
        Map<String, Object> server = portal(portal);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("scenario", spec.name());
        result.put("kind", "streams");
        result.put("conversations", spec.users());
        result.put("deltasPerAnswer", spec.deltas());
        result.put("deltaIntervalMs", spec.intervalMillis());
        result.put("durationS", durationSeconds);
        result.put("portal", Report.turnFigures(portal, durationSeconds));
        result.put("direct", Report.turnFigures(direct, durationSeconds));
        result.put("overhead", Report.overhead(portal, direct));
        result.put("server", server);
        result.put("errors", portal.errors() + direct.errors());
        List<String> messages = new ArrayList<>(portal.errorMessages());
        messages.addAll(direct.errorMessages());
        result.put("errorSamples", messages);
        return result;
    }

    private TurnStats direct() {
        TurnStats stats = new TurnStats();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        Window window = Window.from(System.nanoTime(), durationSeconds * 1000L);
        List<StreamReader> readers = new ArrayList<>();
        for (int i = 0; i < spec.users(); i++) {
            readers.add(new DirectReader(client, bench.llm.baseUri(), bench.llm.protocol(), stats, spec.deltas()));
        }
        startSpread(readers, window);
        awaitAll(readers, stats, window);
        return stats;
    }

    private Map<String, Object> portal(TurnStats stats) {
        List<PortalUser> users = connect(stats);
        long writesBefore = bench.api.health("dbWrites");
        double cpuBefore = bench.proc.cpuSeconds();
        double systemBefore = bench.proc.systemCpuSeconds();
        long turnsBefore = bench.llm.streams();
        double heapMb;
        double cpuAfter;
        long turnsAfter;
        long writesAfter;
        try (PeakRss peak = new PeakRss(bench.proc)) {
            Window window = Window.from(System.nanoTime(), durationSeconds * 1000L);
            List<StreamReader> readers = new ArrayList<>(users);
            startSpread(readers, window);
            sleepUntil(window.end());
            // every conversation is mid-answer now; the GC pause lands on unmeasured turns only
            heapMb = bench.proc.heapAfterGcMb();
            awaitAll(readers, stats, window);
            cpuAfter = bench.proc.cpuSeconds();
            double systemAfter = bench.proc.systemCpuSeconds();
            turnsAfter = bench.llm.streams();
            writesAfter = bench.api.health("dbWrites");
            users.forEach(PortalUser::close);
            Map<String, Object> server = new LinkedHashMap<>();
            long turns = Math.max(1, turnsAfter - turnsBefore);
            server.put("heapAfterGcMb", Report.round(heapMb));
            server.put("peakRssMb", Report.round(peak.peakMb()));
            server.put("cpuMsPerTurn", cpuBefore < 0 ? -1 : Report.round((cpuAfter - cpuBefore) * 1000 / turns));
            // every turn the fake model served relayed its answer's deltas: the window's turns and the ones around it
            server.put("cpuUsPerDelta", cpuBefore < 0 ? -1
                    : Report.round((cpuAfter - cpuBefore) * 1e6 / ((double) turns * spec.deltas())));
            server.put("kernelCpuShare", cpuBefore < 0 || cpuAfter <= cpuBefore ? -1
                    : Report.round((systemAfter - systemBefore) / (cpuAfter - cpuBefore)));
            server.put("sqliteWritesPerTurn", writesBefore < 0 ? -1 : Report.round((double) (writesAfter - writesBefore) / turns));
            server.put("turnsServed", turnsAfter - turnsBefore);
            return server;
        }
    }

    /** Opens N sockets (a bounded number of handshakes at a time), then creates and subscribes. */
    private List<PortalUser> connect(TurnStats stats) {
        Semaphore inFlight = new Semaphore(CONNECTS_IN_FLIGHT);
        List<CompletableFuture<PortalUser>> ready = new ArrayList<>();
        for (int i = 0; i < spec.users(); i++) {
            acquire(inFlight);
            PortalUser user = new PortalUser(stats, spec.deltas());
            String token = bench.accounts.get(i % bench.accounts.size()).token();
            java.net.http.HttpClient senderClient = bench.socketClient(i + 1);
            CompletableFuture<PortalUser> opened = bench.watchBase == null
                    ? user.connect(bench.socketClient(i), bench.base, token)
                    : user.connect(bench.socketClient(i), bench.watchBase, token)
                            .thenCompose(u -> u.connectSender(senderClient, bench.base, token));
            ready.add(opened
                    .thenCompose(PortalUser::prepare)
                    .handle((prepared, error) -> {
                        inFlight.release();
                        if (error != null) {
                            stats.error("portal: connect, create or subscribe failed: " + error);
                            user.close();
                            return null;
                        }
                        return prepared;
                    }));
        }
        List<PortalUser> users = new ArrayList<>();
        for (CompletableFuture<PortalUser> user : ready) {
            PortalUser prepared = user.join();
            if (prepared != null) {
                users.add(prepared);
            }
        }
        return users;
    }

    private void startSpread(List<? extends StreamReader> readers, Window window) {
        long answerNanos = Math.max(1, spec.deltas() * TimeUnit.MILLISECONDS.toNanos(spec.intervalMillis()));
        for (int i = 0; i < readers.size(); i++) {
            StreamReader reader = readers.get(i);
            bench.timer.schedule(() -> reader.begin(window), answerNanos * i / readers.size(), TimeUnit.NANOSECONDS);
        }
    }

    private static void awaitAll(List<? extends StreamReader> readers, TurnStats stats, Window window) {
        long deadline = window.end() + GRACE.toNanos();
        for (StreamReader reader : readers) {
            try {
                reader.done().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                reader.failed("a turn did not end within " + GRACE.toSeconds() + " s of the window's end");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (java.util.concurrent.ExecutionException e) {
                stats.error(String.valueOf(e.getCause()));
            }
        }
    }

    private static void sleepUntil(long nanoTime) {
        long left = nanoTime - System.nanoTime();
        if (left > 0) {
            try {
                TimeUnit.NANOSECONDS.sleep(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    private static void acquire(Semaphore semaphore) {
        try {
            semaphore.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
