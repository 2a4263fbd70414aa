package io.portagent.reliability;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The suite's figures: each part replaces its own section of {@code report.json} (in
 * {@code portagent.reliability.dir}, by default {@code target/reliability}) and {@code report.md}
 * is written again from it, so a run of one part leaves the others' last figures in place, each
 * with its date and mode.
 */
final class Report {

    private final String part;
    private final Map<String, Object> figures = new LinkedHashMap<>();

    Report(String part) {
        this.part = part;
    }

    /** Records a figure (a number, a string or a map of them); the order of recording is kept. */
    Report put(String name, Object value) {
        figures.put(name, value);
        return this;
    }

    /** Writes this part's section; called once the part's checks ran (whether they held or not). */
    synchronized void write() {
        Path dir = Path.of(System.getProperty("portagent.reliability.dir", "reliability"));
        Path json = dir.resolve("report.json");
        try {
            Files.createDirectories(dir);
            JsonObject previous = Files.exists(json) ? read(json) : JsonValue.EMPTY_JSON_OBJECT;
            JsonObjectBuilder parts = Json.createObjectBuilder(previous.getJsonObject("parts") == null
                    ? JsonValue.EMPTY_JSON_OBJECT : previous.getJsonObject("parts"));
            parts.add(part, Json.createObjectBuilder().add("at", Instant.now().toString()).add("mode", Reliability.mode())
                    .add("figures", Json.createObjectBuilder(figures)));
            JsonObject report = Json.createObjectBuilder().add("updated", Instant.now().toString())
                    .add("parts", parts).build();
            Files.writeString(json, report.toString(), StandardCharsets.UTF_8);
            Files.writeString(dir.resolve("report.md"), markdown(report), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        System.out.println("reliability " + part + ": " + figures);
    }

    private static JsonObject read(Path json) throws IOException {
        try (JsonReader reader = Json.createReader(new StringReader(Files.readString(json)))) {
            return reader.readObject();
        }
    }

    static String markdown(JsonObject report) {
        StringBuilder md = new StringBuilder("# Reliability and security figures\n\nUpdated ")
                .append(report.getString("updated")).append(".\n");
        report.getJsonObject("parts").forEach((name, value) -> {
            JsonObject section = value.asJsonObject();
            md.append("\n## ").append(name).append("\n\n").append(section.getString("mode")).append(", ")
                    .append(section.getString("at")).append("\n\n| figure | value |\n| --- | --- |\n");
            section.getJsonObject("figures").forEach((figure, v) -> md.append("| ").append(figure).append(" | ")
                    .append(v.toString().replace("|", "\\|")).append(" |\n"));
        });
        return md.toString();
    }
}
