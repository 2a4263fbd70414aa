package io.portagent.bench;

import java.net.URI;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * N idle authenticated WebSockets: what one open socket costs the server. Heap after GC and RSS
 * are read with no socket open and with all N open (the accounts' tokens reused round-robin);
 * the difference divided by N is the cost of one connection.
 */
final class IdleScenario {

    private static final int CONNECTS_IN_FLIGHT = 100;

    private final BenchContext bench;
    private final Scenario.Idle spec;
    private final AtomicLong errors = new AtomicLong();
    private volatile boolean closing;

    IdleScenario(BenchContext bench, Scenario.Idle spec) {
        this.bench = bench;
        this.spec = spec;
    }

    Map<String, Object> run() {
        double heapBefore = bench.proc.heapAfterGcMb();
        double rssBefore = bench.proc.rssMb();
        List<WebSocket> sockets = open();
        long open = serverConnections(sockets.size());
        double heapAfter = bench.proc.heapAfterGcMb();
        double rssAfter = bench.proc.rssMb();
        closing = true;
        sockets.forEach(s -> s.sendClose(WebSocket.NORMAL_CLOSURE, "bench done").orTimeout(10, TimeUnit.SECONDS)
                .exceptionally(e -> null));
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("scenario", spec.name());
        result.put("kind", "idle");
        result.put("connections", spec.connections());
        result.put("serverSawConnections", open);
        result.put("heapAfterGcMbBefore", Report.round(heapBefore));
        result.put("heapAfterGcMbWith", Report.round(heapAfter));
        result.put("heapKbPerConnection", perConnectionKb(heapBefore, heapAfter));
        result.put("rssMbBefore", Report.round(rssBefore));
        result.put("rssMbWith", Report.round(rssAfter));
        result.put("rssKbPerConnection", perConnectionKb(rssBefore, rssAfter));
        if (open >= 0 && open < sockets.size()) {
            error("the server counts " + open + " of the " + sockets.size() + " open sockets");
        }
        result.put("errors", errors.get());
        return result;
    }

    /**
     * The server's connections gauge once it counts every socket that opened: a client sees the
     * 101 answer before the server has run the endpoint's onOpen, so an immediate read can be short.
     */
    private long serverConnections(int opened) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        long seen = bench.api.health("connections");
        while (seen >= 0 && seen < opened && System.nanoTime() < deadline) {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            seen = bench.api.health("connections");
        }
        return seen;
    }

    private Object perConnectionKb(double beforeMb, double afterMb) {
        return beforeMb < 0 || afterMb < 0 ? -1 : Report.round((afterMb - beforeMb) * 1024 / spec.connections());
    }

    private List<WebSocket> open() {
        Semaphore inFlight = new Semaphore(CONNECTS_IN_FLIGHT);
        List<CompletableFuture<WebSocket>> opening = new ArrayList<>();
        WebSocket.Listener listener = new Quiet();
        for (int i = 0; i < spec.connections(); i++) {
            acquire(inFlight);
            String token = bench.accounts.get(i % bench.accounts.size()).token();
            URI uri = URI.create(bench.base.resolve("ws").toString().replaceFirst("^http", "ws") + "?token=" + token);
            opening.add(bench.socketClient(i).newWebSocketBuilder().connectTimeout(Duration.ofSeconds(30))
                    .buildAsync(uri, listener)
                    .whenComplete((s, e) -> inFlight.release()));
        }
        List<WebSocket> sockets = new ArrayList<>();
        for (CompletableFuture<WebSocket> socket : opening) {
            try {
                sockets.add(socket.join());
            } catch (RuntimeException e) {
                error("a socket did not open: " + e.getCause());
            }
        }
        return sockets;
    }

    /** Reads nothing, answers pings (the JDK does), and counts an unexpected close as an error. */
    private final class Quiet implements WebSocket.Listener {
        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            if (!closing) {
                error("a socket was closed by the server: " + statusCode + " " + reason);
            }
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            if (!closing) {
                error("a socket failed: " + error);
            }
        }
    }

    /** Counts an error and says which, on the bench's error stream (the figures go to stdout). */
    private void error(String what) {
        errors.incrementAndGet();
        System.err.println("bench: " + spec.name() + ": " + what);
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
