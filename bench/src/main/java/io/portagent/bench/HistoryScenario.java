package io.portagent.bench;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A new turn's time to first delta in one conversation of N stored messages against a new
 * conversation, one user, turns one after another, alternating between the two in rounds so a
 * change in the machine's load touches both. The conversation is seeded through the import
 * endpoint (at most {@link #IMPORT_LIMIT} messages, the server's limit); above that the rest is
 * added by turns with a one-delta answer (two messages a turn), which the report states.
 */
final class HistoryScenario {

    /** The server's limit on one import ({@code agent.Imports.MAX_MESSAGES}). */
    static final int IMPORT_LIMIT = 5_000;
    /** Characters of each seeded message: a short chat line, not a document. */
    private static final int MESSAGE_CHARS = 200;
    /** 100 turns each: a p99 that is not simply the slowest of a handful (each turn takes tens of ms). */
    private static final int ROUNDS = 10;
    private static final int TURNS_PER_ROUND = 10;
    /** The measured answers: short (the first delta is the figure), so 200 turns take seconds. */
    private static final int DELTAS = 10;
    private static final long INTERVAL_MS = 2;
    private static final long SEED_TIMEOUT_MINUTES = 30;

    private final BenchContext bench;
    private final Scenario.History spec;

    HistoryScenario(BenchContext bench, Scenario.History spec) {
        this.bench = bench;
        this.spec = spec;
    }

    Map<String, Object> run() {
        String token = Bench.registerAccounts(bench.api, 1).get(0).token();
        TurnStats seeding = new TurnStats();
        long start = System.nanoTime();
        int imported = Math.min(spec.messages(), IMPORT_LIMIT);
        String longOne = bench.api.importConversation(token, export(imported));
        int seedTurns = (spec.messages() - imported + 1) / 2;
        if (seedTurns > 0) {
            bench.llm.answer(1, 0);
            runTurns(token, longOne, seedTurns, 1, seeding);
        }
        double seedSeconds = (System.nanoTime() - start) / 1e9;
        bench.llm.answer(DELTAS, INTERVAL_MS);
        TurnStats withHistory = new TurnStats();
        TurnStats fresh = new TurnStats();
        String newOne = null;
        for (int round = 0; round < ROUNDS && seeding.errors() == 0; round++) {
            newOne = runTurns(token, newOne, TURNS_PER_ROUND, DELTAS, fresh);
            runTurns(token, longOne, TURNS_PER_ROUND, DELTAS, withHistory);
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("scenario", spec.name());
        result.put("kind", "history");
        result.put("storedMessages", imported + 2 * seedTurns);
        result.put("imported", imported);
        result.put("seededByTurns", seedTurns);
        result.put("seedSeconds", Report.round(seedSeconds));
        result.put("turnsEach", ROUNDS * TURNS_PER_ROUND);
        result.put("withHistory", firstDelta(withHistory));
        result.put("newConversation", firstDelta(fresh));
        double[] long50 = withHistory.firstDelta.millisAt(50, 99);
        double[] new50 = fresh.firstDelta.millisAt(50, 99);
        result.put("addedMsP50", Report.round(long50[0] - new50[0]));
        result.put("addedMsP99", Report.round(long50[1] - new50[1]));
        result.put("errors", seeding.errors() + withHistory.errors() + fresh.errors());
        List<String> messages = new java.util.ArrayList<>(seeding.errorMessages());
        messages.addAll(withHistory.errorMessages());
        messages.addAll(fresh.errorMessages());
        result.put("errorSamples", messages);
        return result;
    }

    /** {@code turns} turns in {@code imageId} (null: a new conversation) on a socket of their own; the conversation. */
    private String runTurns(String token, String imageId, int turns, int deltas, TurnStats stats) {
        URI base = bench.base;
        PortalUser user = new PortalUser(stats, deltas);
        try {
            CompletableFuture<PortalUser> open = user.connect(bench.socketClient(0), base, token)
                    .thenCompose(u -> imageId == null ? u.prepare() : u.open(imageId));
            open.get(60, TimeUnit.SECONDS);
            user.beginCounted(turns, System.nanoTime());
            user.done().get(SEED_TIMEOUT_MINUTES, TimeUnit.MINUTES);
            return user.imageId();
        } catch (TimeoutException e) {
            user.failed("history: " + turns + " turns did not end in time");
            return imageId;
        } catch (java.util.concurrent.ExecutionException e) {
            stats.error("history: " + e.getCause());
            return imageId;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            user.close();
        }
    }

    private static Map<String, Object> firstDelta(TurnStats stats) {
        double[] p = stats.firstDelta.millisAt(50, 99);
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("turns", stats.turns.get());
        figures.put("firstDeltaMsP50", Report.round(p[0]));
        figures.put("firstDeltaMsP99", Report.round(p[1]));
        return figures;
    }

    /** A conversation export (the shape of docs/web-ui.md's "Import") of {@code count} alternating user and assistant messages. */
    static String export(int count) {
        long now = System.currentTimeMillis();
        StringBuilder json = new StringBuilder(count * (MESSAGE_CHARS + 80));
        json.append("{\"format\":\"portagent-conversation\",\"version\":1,\"exportedAt\":").append(now)
                .append(",\"conversation\":{\"name\":\"bench history\",\"createdAt\":").append(now)
                .append(",\"updatedAt\":").append(now).append("},\"messages\":[");
        String filler = " lorem ipsum dolor sit amet".repeat(MESSAGE_CHARS / 27 + 1).substring(0, MESSAGE_CHARS - 16);
        for (int i = 0; i < count; i++) {
            String role = i % 2 == 0 ? "user" : "assistant";
            json.append(i == 0 ? "" : ",").append("{\"role\":\"").append(role).append("\",\"subtype\":\"").append(role)
                    .append("\",\"content\":\"message ").append(i).append(filler).append("\",\"timestamp\":")
                    .append(now - count + i).append('}');
        }
        return json.append("]}").toString();
    }
}
