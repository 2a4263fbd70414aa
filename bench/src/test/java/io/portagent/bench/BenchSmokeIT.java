package io.portagent.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A tiny run of the load benchmark against the built WAR, every kind of scenario once, so the
 * harness keeps working: it must finish with zero errors and a complete report. It asserts nothing about speed; the figures of a
 * run this small on a shared machine mean nothing.
 */
class BenchSmokeIT {

    @TempDir
    Path out;

    @Test
    @SuppressWarnings("unchecked")
    void aSmallRunCompletesWithoutErrorsAndReportsEveryFigure() throws Exception {
        BenchOptions options = BenchOptions.parse("--scenarios",
                "streams:3:10:5,idle:20,login:4,burst:3,burst:3:cold,history:20,list:10,startup:1", "--duration", "3",
                "--war", System.getProperty("portagent.war"), "--out", out.toString());

        Bench.Result result = Bench.run(options, System.err);

        assertEquals(0, result.errors(), result.table());
        assertTrue(Files.readString(result.json()).contains("\"scenarios\""), "the JSON report was written");
        List<Map<String, Object>> scenarios = (List<Map<String, Object>>) result.report().get("scenarios");
        Map<String, Object> streams = scenarios.get(0);
        Map<String, Object> portal = (Map<String, Object>) streams.get("portal");
        Map<String, Object> direct = (Map<String, Object>) streams.get("direct");
        Map<String, Object> server = (Map<String, Object>) streams.get("server");
        assertTrue(((Number) portal.get("turns")).longValue() > 3, "turns through the portal: " + portal);
        assertTrue(((Number) direct.get("turns")).longValue() > 3, "turns read directly: " + direct);
        assertTrue(((Number) portal.get("latencySamples")).longValue() > 0, "per-delta latencies: " + portal);
        assertTrue(((Number) server.get("heapAfterGcMb")).doubleValue() > 0, "heap after GC: " + server);
        assertTrue(((Number) server.get("sqliteWritesPerTurn")).doubleValue() > 0, "writes per turn: " + server);
        assertTrue(((Number) server.get("cpuMsPerTurn")).doubleValue() > 0, "CPU per turn: " + server);
        assertEquals(20L, scenarios.get(1).get("serverSawConnections"), "idle sockets seen by /health");
        assertTrue(((Number) scenarios.get(2).get("loginsPerS")).doubleValue() > 0, "login rate");
        assertTrue(((Number) server.get("cpuUsPerDelta")).doubleValue() > 0, "CPU per delta: " + server);
        for (int burst : new int[] {3, 4}) {
            Map<String, Object> portalBurst = (Map<String, Object>) scenarios.get(burst).get("portal");
            Map<String, Object> directBurst = (Map<String, Object>) scenarios.get(burst).get("direct");
            assertEquals(3L, portalBurst.get("turns"), "each user's one turn: " + scenarios.get(burst));
            assertEquals(3L, directBurst.get("turns"), "each direct reader's one request: " + scenarios.get(burst));
        }
        Map<String, Object> history = scenarios.get(5);
        assertEquals(20, history.get("storedMessages"), "seeded by import: " + history);
        assertEquals(100L, ((Map<String, Object>) history.get("withHistory")).get("turns"), "turns with history: " + history);
        assertEquals(10, scenarios.get(6).get("listed"), "every conversation listed: " + scenarios.get(6));
        assertTrue(((Number) scenarios.get(7).get("freshDataDirMsP50")).doubleValue() > 0, "start-up time: "
                + scenarios.get(7));
        assertTrue(((Number) scenarios.get(7).get("existingDataDirMsP50")).doubleValue() > 0, "restart time: "
                + scenarios.get(7));
        assertTrue(result.table().contains("streams:3:10:5"), result.table());
    }
}
