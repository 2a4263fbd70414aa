package io.portagent.bench;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A user with N conversations (created over the socket, {@code image_create}, a few in flight)
 * lists them: {@code image_list_request} one after another, the time from request to response
 * and the response frame's size. The request's data is an option ({@code --list-request}), so
 * a paged list (a limit, a cursor) is timed by its first page; the report says how many
 * conversations the response held.
 */
final class ListScenario {

    private static final int CREATES_IN_FLIGHT = 8;
    private static final int LISTINGS = 20;

    private final BenchContext bench;
    private final Scenario.Listing spec;
    private final String requestData;

    ListScenario(BenchContext bench, Scenario.Listing spec, String requestData) {
        this.bench = bench;
        this.spec = spec;
        this.requestData = requestData;
    }

    Map<String, Object> run() {
        String token = Bench.registerAccounts(bench.api, 1).get(0).token();
        TurnStats stats = new TurnStats();
        PortalUser user = new PortalUser(stats, 0);
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("scenario", spec.name());
        result.put("kind", "list");
        result.put("conversations", spec.conversations());
        result.put("request", requestData);
        try {
            user.connect(bench.socketClient(0), bench.base, token).get(60, TimeUnit.SECONDS);
            long start = System.nanoTime();
            create(user, stats);
            result.put("createdPerS", Report.round(spec.conversations() / ((System.nanoTime() - start) / 1e9)));
            Samples times = new Samples();
            String last = "";
            for (int i = 0; i < LISTINGS && stats.errors() == 0; i++) {
                long sent = System.nanoTime();
                last = user.request("image_list", requestData).get(60, TimeUnit.SECONDS);
                times.add(System.nanoTime() - sent);
            }
            double[] p = times.millisAt(50, 99);
            result.put("listings", times.size());
            result.put("latencyMsP50", Report.round(p[0]));
            result.put("latencyMsP99", Report.round(p[1]));
            result.put("frameKb", Report.round(last.getBytes(StandardCharsets.UTF_8).length / 1024.0));
            result.put("listed", count(last, "\"imageId\""));
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            stats.error("list: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            user.close();
        }
        result.put("errors", stats.errors());
        result.put("errorSamples", stats.errorMessages());
        return result;
    }

    private void create(PortalUser user, TurnStats stats) throws InterruptedException {
        Semaphore inFlight = new Semaphore(CREATES_IN_FLIGHT);
        List<CompletableFuture<String>> created = new ArrayList<>();
        for (int i = 0; i < spec.conversations(); i++) {
            inFlight.acquire();
            created.add(user.request("image_create", "{\"name\":\"bench list " + i + "\"}")
                    .whenComplete((response, error) -> inFlight.release()));
        }
        for (CompletableFuture<String> one : created) {
            try {
                one.join();
            } catch (RuntimeException e) {
                stats.error("list: image_create failed: " + e);
            }
        }
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int at = text.indexOf(what); at >= 0; at = text.indexOf(what, at + what.length())) {
            n++;
        }
        return n;
    }
}
