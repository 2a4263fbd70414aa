package io.portagent.bench;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Turns measurements into report values: rounded figures, a JSON document and a text table. */
final class Report {

    private Report() {
    }

    /** Turns, rate, errors and latency percentiles (ms) of one phase. */
    static Map<String, Object> turnFigures(TurnStats stats, int durationSeconds) {
        double[] first = stats.firstDelta.millisAt(50, 95, 99);
        double[] delta = stats.perDelta.millisAt(50, 99);
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("turns", stats.turns.get());
        figures.put("turnsPerS", round(stats.turns.get() / (double) durationSeconds));
        figures.put("errors", stats.errors());
        figures.put("firstDeltaMsP50", round(first[0]));
        figures.put("firstDeltaMsP95", round(first[1]));
        figures.put("firstDeltaMsP99", round(first[2]));
        figures.put("deltaLatencyMsP50", round(delta[0]));
        figures.put("deltaLatencyMsP99", round(delta[1]));
        figures.put("latencySamples", stats.perDelta.size());
        figures.put("textFramesPerTurn", stats.turns.get() == 0 ? Double.NaN
                : round(stats.textFrames.get() / (double) stats.turns.get()));
        return figures;
    }

    /** Portal minus direct, percentile by percentile, measured in the same run. */
    static Map<String, Object> overhead(TurnStats portal, TurnStats direct) {
        double[] firstPortal = portal.firstDelta.millisAt(50, 95, 99);
        double[] firstDirect = direct.firstDelta.millisAt(50, 95, 99);
        double[] deltaPortal = portal.perDelta.millisAt(50, 99);
        double[] deltaDirect = direct.perDelta.millisAt(50, 99);
        Map<String, Object> overhead = new LinkedHashMap<>();
        overhead.put("firstDeltaMsP50", round(firstPortal[0] - firstDirect[0]));
        overhead.put("firstDeltaMsP95", round(firstPortal[1] - firstDirect[1]));
        overhead.put("firstDeltaMsP99", round(firstPortal[2] - firstDirect[2]));
        overhead.put("deltaLatencyMsP50", round(deltaPortal[0] - deltaDirect[0]));
        overhead.put("deltaLatencyMsP99", round(deltaPortal[1] - deltaDirect[1]));
        return overhead;
    }

    static double round(double value) {
        return Double.isNaN(value) ? Double.NaN : Math.round(value * 100) / 100.0;
    }

    /** The whole report as JSON (NaN and infinities become null). */
    static String json(Object value) {
        StringBuilder out = new StringBuilder();
        write(out, value, "");
        return out.append('\n').toString();
    }

    private static void write(StringBuilder out, Object value, String indent) {
        if (value instanceof Map<?, ?> map) {
            out.append("{");
            String inner = indent + "  ";
            boolean first = true;
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                out.append(first ? "\n" : ",\n").append(inner);
                string(out, String.valueOf(entry.getKey()));
                out.append(": ");
                write(out, entry.getValue(), inner);
                first = false;
            }
            out.append(first ? "}" : "\n" + indent + "}");
        } else if (value instanceof List<?> list) {
            out.append("[");
            for (int i = 0; i < list.size(); i++) {
                out.append(i == 0 ? "" : ", ");
                write(out, list.get(i), indent);
            }
            out.append("]");
        } else if (value instanceof Double d && (d.isNaN() || d.isInfinite())) {
            out.append("null");
        } else if (value instanceof Number || value instanceof Boolean || value == null) {
            out.append(value);
        } else {
            string(out, value.toString());
        }
    }

    private static void string(StringBuilder out, String text) {
        out.append('"');
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    /** The figures as a fixed-width table, one block per kind of scenario. */
    @SuppressWarnings("unchecked")
    static String table(List<Map<String, Object>> scenarios) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%-20s %8s %4s %6s %23s %23s %13s %13s %7s %7s %7s %8s %7s%n",
                "streams scenario", "turns/s", "err", "frames", "1st delta p50/95/99 ms", "  over direct", "delta p50/99",
                "over direct", "heap MB", "RSS MB", "cpu ms", "cpu us/Δ", "writes"));
        for (Map<String, Object> s : scenarios) {
            if ("streams".equals(s.get("kind"))) {
                Map<String, Object> portal = (Map<String, Object>) s.get("portal");
                Map<String, Object> over = (Map<String, Object>) s.get("overhead");
                Map<String, Object> server = (Map<String, Object>) s.get("server");
                out.append(String.format(Locale.ROOT, "%-20s %8s %4s %6s %23s %23s %13s %13s %7s %7s %7s %8s %7s%n",
                        s.get("scenario"), portal.get("turnsPerS"), s.get("errors"), portal.get("textFramesPerTurn"),
                        triple(portal, "firstDeltaMs"), triple(over, "firstDeltaMs"), pair(portal, "deltaLatencyMs"),
                        pair(over, "deltaLatencyMs"), server.get("heapAfterGcMb"), server.get("peakRssMb"),
                        server.get("cpuMsPerTurn"), server.get("cpuUsPerDelta"), server.get("sqliteWritesPerTurn")));
            }
        }
        for (Map<String, Object> s : scenarios) {
            if ("idle".equals(s.get("kind"))) {
                out.append(String.format(Locale.ROOT, "%-20s heap %s -> %s MB after GC = %s KB/connection; "
                        + "RSS %s -> %s MB = %s KB/connection; errors %s%n", s.get("scenario"),
                        s.get("heapAfterGcMbBefore"), s.get("heapAfterGcMbWith"), s.get("heapKbPerConnection"),
                        s.get("rssMbBefore"), s.get("rssMbWith"), s.get("rssKbPerConnection"), s.get("errors")));
            } else if ("login".equals(s.get("kind"))) {
                out.append(String.format(Locale.ROOT, "%-20s %s logins/s (%s at a time), p50 %s ms, p99 %s ms, "
                        + "%s cpu ms/login; errors %s%n", s.get("scenario"), s.get("loginsPerS"),
                        s.get("concurrency"), s.get("latencyMsP50"), s.get("latencyMsP99"), s.get("cpuMsPerLogin"),
                        s.get("errors")));
            } else if ("burst".equals(s.get("kind"))) {
                Map<String, Object> portal = (Map<String, Object>) s.get("portal");
                Map<String, Object> direct = (Map<String, Object>) s.get("direct");
                Map<String, Object> over = (Map<String, Object>) s.get("overhead");
                out.append(String.format(Locale.ROOT, "%-20s first delta p50/99: portal %s ms, direct %s ms, added %s ms%s;"
                        + " CPU in the first 100/200 ms: server %s/%s ms, bench %s/%s ms; errors %s%n", s.get("scenario"),
                        pair(portal, "firstDeltaMs"), pair(direct, "firstDeltaMs"),
                        pair(over, "firstDeltaMs"), s.containsKey("releasedMsAfterListening")
                                ? " (released " + s.get("releasedMsAfterListening") + " ms after the restart listened)" : "",
                        s.get("serverCpuMsFirst100"), s.get("serverCpuMsFirst200"), s.get("benchCpuMsFirst100"),
                        s.get("benchCpuMsFirst200"), s.get("errors")));
            } else if ("history".equals(s.get("kind"))) {
                Map<String, Object> with = (Map<String, Object>) s.get("withHistory");
                Map<String, Object> fresh = (Map<String, Object>) s.get("newConversation");
                out.append(String.format(Locale.ROOT, "%-20s first delta p50/99 over %s turns: %s stored messages %s ms,"
                        + " new conversation %s ms, added %s/%s ms (seeded %s imported + %s turns in %s s); errors %s%n",
                        s.get("scenario"), s.get("turnsEach"), s.get("storedMessages"), pair(with, "firstDeltaMs"),
                        pair(fresh, "firstDeltaMs"), s.get("addedMsP50"), s.get("addedMsP99"), s.get("imported"),
                        s.get("seededByTurns"), s.get("seedSeconds"), s.get("errors")));
            } else if ("list".equals(s.get("kind"))) {
                out.append(String.format(Locale.ROOT, "%-20s image_list %s: p50 %s ms, p99 %s ms over %s listings,"
                        + " frame %s KB holding %s conversations (created at %s/s); errors %s%n", s.get("scenario"),
                        s.get("request"), s.get("latencyMsP50"), s.get("latencyMsP99"), s.get("listings"),
                        s.get("frameKb"), s.get("listed"), s.get("createdPerS"), s.get("errors")));
            } else if ("startup".equals(s.get("kind"))) {
                out.append(String.format(Locale.ROOT, "%-20s start to healthy /health, median (max) of %s: fresh data dir"
                        + " %s (%s) ms, existing %s (%s) ms; fresh: first log line at %s ms, listening at %s ms,"
                        + " healthy %s ms later%n",
                        s.get("scenario"), s.get("starts"), s.get("freshDataDirMsP50"), s.get("freshDataDirMsMax"),
                        s.get("existingDataDirMsP50"), s.get("existingDataDirMsMax"), s.get("toFirstLogLineMsP50"),
                        s.get("toListeningMsP50"), s.get("listeningToHealthyMsP50")));
            }
        }
        return out.toString();
    }

    private static String triple(Map<String, Object> figures, String prefix) {
        return figures.get(prefix + "P50") + "/" + figures.get(prefix + "P95") + "/" + figures.get(prefix + "P99");
    }

    private static String pair(Map<String, Object> figures, String prefix) {
        return figures.get(prefix + "P50") + "/" + figures.get(prefix + "P99");
    }
}
