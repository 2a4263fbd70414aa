package io.portagent.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads dotenv files: {@code KEY=value} lines, {@code #} comments, an optional {@code export }
 * prefix, and values optionally in single or double quotes.
 */
public final class EnvFile {

    private EnvFile() {
    }

    /** The source for a file that must exist (an explicit {@code --env-file}). */
    public static ConfigSource required(Path file, String name) {
        if (!Files.isRegularFile(file)) {
            throw new StartupException("Env file not found: " + file.toAbsolutePath()
                    + " (given by " + name + "). Check the path, or leave the option out.");
        }
        return ConfigSource.of(name + " " + file, read(file));
    }

    /** The source for a file that may be absent ({@code .env}, {@code .env.local}). */
    public static ConfigSource optional(Path file) {
        return ConfigSource.of(file.toString(), Files.isRegularFile(file) ? read(file) : Map.of());
    }

    static Map<String, String> read(Path file) {
        try {
            return parse(Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new StartupException("Cannot read env file " + file.toAbsolutePath() + ": " + e.getMessage()
                    + ". Check that the process user '" + System.getProperty("user.name") + "' may read it.", e);
        }
    }

    static Map<String, String> parse(List<String> lines) {
        Map<String, String> values = new LinkedHashMap<>();
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("export ")) {
                line = line.substring("export ".length()).strip();
            }
            int eq = line.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            values.put(line.substring(0, eq).strip(), unquote(line.substring(eq + 1).strip()));
        }
        return values;
    }

    private static String unquote(String value) {
        if (value.length() >= 2) {
            char first = value.charAt(0);
            if ((first == '"' || first == '\'') && value.charAt(value.length() - 1) == first) {
                return value.substring(1, value.length() - 1);
            }
        }
        int comment = value.indexOf(" #");
        return comment >= 0 ? value.substring(0, comment).strip() : value;
    }
}
