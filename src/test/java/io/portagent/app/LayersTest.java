package io.portagent.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The house rule of docs/architecture.md, read off the sources: config < store, llm, launcher <
 * agent < tools < auth < http, ws, web < app, ops. A package names (imports, or spells out) only
 * packages on a lower floor, app may use ops, and the socket and the REST resources never reach
 * storage. Any reference counts, an import or a fully qualified name in the code.
 */
class LayersTest {

    private static final Path SOURCES = Path.of("src/main/java/io/portagent");
    private static final Pattern REFERENCE = Pattern.compile("\\bio\\.portagent\\.([a-z]+)\\.");

    /** Each package's floor; a package may use the packages of lower floors. */
    private static final Map<String, Integer> FLOORS = Map.ofEntries(
            Map.entry("config", 0),
            Map.entry("store", 1), Map.entry("llm", 1), Map.entry("launcher", 1),
            Map.entry("agent", 2),
            Map.entry("tools", 3),
            Map.entry("auth", 4),
            Map.entry("http", 5), Map.entry("ws", 5), Map.entry("web", 5),
            Map.entry("metrics", 6),
            Map.entry("app", 7), Map.entry("ops", 7));

    /** Doors that stay shut although the floors would allow them. */
    private static final Set<String> FORBIDDEN = Set.of("http->store", "ws->store");
    /**
     * Doors open against the floors: app may use ops; and the launcher's contract names the
     * application's entry for its commands by class name, which the launcher loads in a class
     * loader of its own (it cannot see the application's classes otherwise).
     */
    private static final Set<String> ALLOWED = Set.of("app->ops", "config->app");

    @Test
    void everyPackageHasAFloor() {
        Set<String> packages = new TreeSet<>();
        try (Stream<Path> dirs = Files.list(SOURCES)) {
            dirs.filter(Files::isDirectory).forEach(d -> packages.add(d.getFileName().toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertEquals(new TreeSet<>(FLOORS.keySet()), packages, "add the new package to the rule, here and in"
                + " docs/architecture.md");
    }

    @Test
    void noPackageReachesUpOrThroughAShutDoor() {
        List<String> violations = new ArrayList<>();
        for (Path file : sources()) {
            String from = SOURCES.relativize(file).getName(0).toString();
            Matcher m = REFERENCE.matcher(read(file));
            Set<String> seen = new TreeSet<>();
            while (m.find()) {
                String to = m.group(1);
                if (!to.equals(from) && seen.add(to) && !allowed(from, to)) {
                    violations.add(SOURCES.relativize(file) + " uses " + to);
                }
            }
        }
        assertTrue(violations.isEmpty(), String.join("\n", violations));
    }

    private static boolean allowed(String from, String to) {
        String door = from + "->" + to;
        if (FORBIDDEN.contains(door)) {
            return false;
        }
        Integer low = FLOORS.get(to);
        return ALLOWED.contains(door) || low != null && low < FLOORS.get(from);
    }

    private static List<Path> sources() {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
