package io.portagent.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The UI's catalogues (webapp/assets/i18n) against each other and against the code: every
 * language has every key with the same placeholders, every key the code asks for exists and
 * every key exists for a reason, and no visible sentence is left written into the JS or HTML.
 */
class CatalogueTest {

    private static final Path WEBAPP = Path.of("webapp");
    private static final Path JS = WEBAPP.resolve("assets/js");
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{(\\w+)\\}");
    private static final Pattern KEY_USE = Pattern.compile("\\bt\\(\\s*'([\\w.]+)'");
    private static final Pattern QUOTED = Pattern.compile("'((?:[^'\\\\\\n]|\\\\.)*)'|`([^`$]*)`");
    private static final Pattern ATTRIBUTE = Pattern.compile(
            "(?:'aria-label'|placeholder|title)\\s*:\\s*'([^']*[A-Za-z][^']*)'");
    /** A sentence or a label: a capital letter, then words, or any text with spaces and an ending mark. */
    private static final Pattern WORDS = Pattern.compile("^(?:[A-Z][a-z]+(?: [\\w’'-]+)*[.…!?:]?|.* .*[a-z].*[.…!?])$");
    /** Strings that look like words but are not shown as text: names, protocol words, key names. */
    private static final Set<String> NOT_SHOWN = Set.of("Portagent", "Escape", "Enter", "Accept", "Content-Type",
            "Authorization", "Content-Disposition", "New Conversation", "INPUT", "TEXTAREA", "SELECT", "Bearer",
            "Files"); // Files: the drag-and-drop data type of dropped files

    private static Map<String, String> catalogue(String language) {
        try (Reader reader = Files.newBufferedReader(WEBAPP.resolve("assets/i18n/" + language + ".json"))) {
            JsonObject json = Json.createReader(reader).readObject();
            Map<String, String> words = new LinkedHashMap<>();
            for (Map.Entry<String, JsonValue> e : json.entrySet()) {
                assertTrue(e.getValue() instanceof JsonString, language + " " + e.getKey() + " is not a string");
                words.put(e.getKey(), ((JsonString) e.getValue()).getString());
            }
            return words;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Set<String> placeholders(String text) {
        Set<String> found = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            found.add(m.group(1));
        }
        return found;
    }

    private static List<Path> sources() {
        try (Stream<Path> files = Files.walk(JS)) {
            return files.filter(f -> f.toString().endsWith(".js")).sorted().toList();
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

    @Test
    void chineseHasEveryEnglishKeyAndNoOther() {
        Set<String> english = catalogue("en").keySet();
        Set<String> chinese = catalogue("zh-CN").keySet();
        List<String> missing = english.stream().filter(k -> !chinese.contains(k)).toList();
        List<String> extra = chinese.stream().filter(k -> !english.contains(k)).toList();
        assertEquals(List.of(), missing, "keys missing from zh-CN.json");
        assertEquals(List.of(), extra, "keys in zh-CN.json that en.json lacks");
    }

    /** A translation keeps every placeholder; a server error's may add {message}, the server's own sentence. */
    @Test
    void translationsKeepThePlaceholders() {
        Map<String, String> english = catalogue("en");
        Map<String, String> chinese = catalogue("zh-CN");
        List<String> wrong = new ArrayList<>();
        english.forEach((key, text) -> {
            Set<String> expected = placeholders(text);
            Set<String> got = placeholders(chinese.getOrDefault(key, ""));
            if (key.startsWith("error.")) {
                got.remove("message");
                expected.remove("message");
            }
            if (!expected.equals(got)) {
                wrong.add(key + ": " + expected + " vs " + got);
            }
        });
        assertEquals(List.of(), wrong);
    }

    @Test
    void everyKeyTheCodeAsksForExistsAndEveryKeyIsUsed() {
        Set<String> english = catalogue("en").keySet();
        Set<String> asked = new TreeSet<>();
        StringBuilder all = new StringBuilder();
        for (Path file : sources()) {
            String code = read(file);
            all.append(code);
            Matcher m = KEY_USE.matcher(code);
            while (m.find()) {
                asked.add(m.group(1));
            }
        }
        assertTrue(asked.size() > 300, "the scan found the code's keys: " + asked.size());
        assertEquals(List.of(), asked.stream().filter(k -> !english.contains(k)).toList(), "keys missing from en.json");
        // server errors are looked up by the code the server sends: error.<code>
        List<String> unused = english.stream().filter(k -> !all.toString().contains("'" + k + "'"))
                .filter(k -> !k.startsWith("error.") || k.equals("error.network")).toList();
        assertEquals(List.of(), unused, "keys no code uses");
    }

    /** Visible words go through t(): a sentence or a label written into a page module is a miss. */
    @Test
    void noVisibleSentenceIsWrittenIntoTheCode() {
        List<String> left = new ArrayList<>();
        for (Path file : sources()) {
            if (file.endsWith("i18n.js")) {
                continue; // the language names, in their own languages
            }
            String[] lines = read(file).split("\n");
            for (int i = 0; i < lines.length; i++) {
                String line = lines[i].strip();
                if (line.startsWith("//") || line.startsWith("*") || line.startsWith("/*") || line.startsWith("import ")) {
                    continue;
                }
                String code = line.replaceAll("\\s//\\s.*$", "");
                Matcher m = QUOTED.matcher(code);
                while (m.find()) {
                    String text = m.group(1) != null ? m.group(1) : m.group(2);
                    if (WORDS.matcher(text).matches() && !NOT_SHOWN.contains(text)) {
                        left.add(JS.relativize(file) + ":" + (i + 1) + " " + text);
                    }
                }
                Matcher a = ATTRIBUTE.matcher(code);
                while (a.find()) {
                    left.add(JS.relativize(file) + ":" + (i + 1) + " attribute " + a.group(1));
                }
            }
        }
        assertEquals(List.of(), left);
    }

    /** The page's shell says only what shows before any script runs; the catalogue takes over from there. */
    @Test
    void theShellHasNoOtherWords() {
        String html = read(WEBAPP.resolve("index.html"));
        String text = html.replaceAll("(?s)<head>.*</head>", "").replaceAll("<[^>]+>", " ").replaceAll("\\s+", " ").strip();
        assertEquals("Loading Portagent… Portagent needs JavaScript enabled.", text);
    }
}
