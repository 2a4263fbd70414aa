package io.portagent.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * N users, their sockets open and authenticated beforehand, each open a NEW conversation at the
 * same instant (create, subscribe, send), released together by a latch; their time from that
 * instant to the first text delta, against N direct readers sending N first requests (each on a
 * new connection) at one instant. Warm: after an unmeasured burst of the same size on the run's
 * server. Cold: on a server of its own, accounts registered, then restarted (same data
 * directory) right before the burst.
 */
final class BurstScenario {

    private static final int CONNECTS_IN_FLIGHT = 64;
    private static final Duration TURN_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);

    private final BenchContext bench;
    private final Scenario.Burst spec;
    private final int deltas;
    private final long intervalMillis;

    BurstScenario(BenchContext bench, Scenario.Burst spec, int deltas, long intervalMillis) {
        this.bench = bench;
        this.spec = spec;
        this.deltas = deltas;
        this.intervalMillis = intervalMillis;
    }

    Map<String, Object> run() {
        bench.llm.answer(deltas, intervalMillis);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("scenario", spec.name());
        result.put("kind", "burst");
        result.put("users", spec.users());
        TurnStats direct = direct();
        TurnStats portal = new TurnStats();
        if (spec.cold()) {
            cold(portal, result);
        } else {
            portal(bench.base, bench.accounts, new TurnStats(), null, null); // the warm-up burst, unmeasured
            portal(bench.base, bench.accounts, portal, bench.proc, result);
        }
        result.put("portal", figures(portal));
        result.put("direct", figures(direct));
        result.put("overhead", Report.overhead(portal, direct));
        result.put("errors", portal.errors() + direct.errors());
        List<String> messages = new ArrayList<>(portal.errorMessages());
        messages.addAll(direct.errorMessages());
        result.put("errorSamples", messages);
        return result;
    }

    /** A server of its own: start, register the users (bcrypt, untimed), restart, burst at once. */
    private void cold(TurnStats portal, Map<String, Object> result) {
        if (bench.servers == null) {
            throw new IllegalArgumentException(spec.name() + " restarts the server: it cannot run with --base-url");
        }
        try (ServerProcess server = bench.servers.get()) {
            List<BenchContext.Account> accounts = Bench.registerAccounts(new PortalApi(server.base()), spec.users());
            server.restart(START_TIMEOUT);
            long listening = System.nanoTime();
            long released = portal(server.base(), accounts, portal, new ProcStats(server.pid()), result);
            // the sockets' handshakes come first: this is how "just started" the server was
            result.put("releasedMsAfterListening", Report.round((released - listening) / 1e6));
        }
    }

    private TurnStats direct() {
        TurnStats stats = new TurnStats();
        // a client of its own: every reader's request is a first request, on a new connection
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        List<StreamReader> readers = new ArrayList<>();
        for (int i = 0; i < spec.users(); i++) {
            readers.add(new DirectReader(client, bench.llm.baseUri(), bench.llm.protocol(), stats, deltas));
        }
        release(readers, stats);
        return stats;
    }

    /**
     * One burst through the portal; when it was released ({@link System#nanoTime()}). With
     * {@code proc}, {@code result} gets the server's and the bench's own CPU time in the first 100
     * and 200 ms after the release ({@code serverCpuMsFirst100}, {@code benchCpuMsFirst100}, ...).
     */
    private long portal(URI base, List<BenchContext.Account> accounts, TurnStats stats, ProcStats proc,
            Map<String, Object> result) {
        List<PortalUser> users = connect(base, accounts, stats);
        try (CpuTimeline cpu = proc == null ? null : new CpuTimeline(proc, new ProcStats(ProcessHandle.current().pid()))) {
            long released = release(users, stats);
            if (cpu != null) {
                result.put("serverCpuMsFirst100", cpu.cpuMsIn(0, released, 100));
                result.put("serverCpuMsFirst200", cpu.cpuMsIn(0, released, 200));
                result.put("benchCpuMsFirst100", cpu.cpuMsIn(1, released, 100));
                result.put("benchCpuMsFirst200", cpu.cpuMsIn(1, released, 200));
            }
            return released;
        } finally {
            users.forEach(PortalUser::close);
        }
    }

    /**
     * Holds one thread per reader at a latch, opens it, and has each run one turn (a portal user
     * first creates its conversation and subscribes), timed from the latch's opening.
     */
    private static long release(List<? extends StreamReader> readers, TurnStats stats) {
        ExecutorService threads = Executors.newFixedThreadPool(Math.max(1, readers.size()));
        CountDownLatch waiting = new CountDownLatch(readers.size());
        CountDownLatch gate = new CountDownLatch(1);
        AtomicLong releasedAt = new AtomicLong();
        try {
            for (StreamReader reader : readers) {
                threads.execute(() -> {
                    waiting.countDown();
                    try {
                        gate.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    start(reader, releasedAt.get());
                });
            }
            waiting.await();
            releasedAt.set(System.nanoTime());
            gate.countDown();
            awaitAll(readers, stats);
            return releasedAt.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            threads.shutdownNow();
        }
    }

    private static void start(StreamReader reader, long since) {
        if (reader instanceof PortalUser user) {
            user.prepare().whenComplete((prepared, error) -> {
                if (error != null) {
                    user.failed("portal: create or subscribe failed: " + error);
                } else {
                    user.beginCounted(1, since);
                }
            });
        } else {
            reader.beginCounted(1, since);
        }
    }

    private static void awaitAll(List<? extends StreamReader> readers, TurnStats stats) {
        long deadline = System.nanoTime() + TURN_TIMEOUT.toNanos();
        for (StreamReader reader : readers) {
            try {
                reader.done().get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                reader.failed("the burst's turn did not end within " + TURN_TIMEOUT.toSeconds() + " s");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            } catch (java.util.concurrent.ExecutionException e) {
                stats.error(String.valueOf(e.getCause()));
            }
        }
    }

    /** Opens the users' sockets (authenticated by their token), a bounded number of handshakes at a time. */
    private List<PortalUser> connect(URI base, List<BenchContext.Account> accounts, TurnStats stats) {
        Semaphore inFlight = new Semaphore(CONNECTS_IN_FLIGHT);
        List<CompletableFuture<PortalUser>> opened = new ArrayList<>();
        for (int i = 0; i < spec.users(); i++) {
            inFlight.acquireUninterruptibly();
            PortalUser user = new PortalUser(stats, deltas);
            opened.add(user.connect(bench.socketClient(i), base, accounts.get(i % accounts.size()).token())
                    .handle((open, error) -> {
                        inFlight.release();
                        if (error != null) {
                            stats.error("portal: a socket did not open: " + error);
                            return null;
                        }
                        return open;
                    }));
        }
        List<PortalUser> users = new ArrayList<>();
        for (CompletableFuture<PortalUser> user : opened) {
            PortalUser open = user.join();
            if (open != null) {
                users.add(open);
            }
        }
        return users;
    }

    private static Map<String, Object> figures(TurnStats stats) {
        double[] first = stats.firstDelta.millisAt(50, 95, 99);
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("turns", stats.turns.get());
        figures.put("errors", stats.errors());
        figures.put("firstDeltaMsP50", Report.round(first[0]));
        figures.put("firstDeltaMsP95", Report.round(first[1]));
        figures.put("firstDeltaMsP99", Report.round(first[2]));
        return figures;
    }
}
