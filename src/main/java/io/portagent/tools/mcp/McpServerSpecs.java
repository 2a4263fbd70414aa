package io.portagent.tools.mcp;

import io.portagent.config.Settings;
import io.portagent.config.StartupException;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads {@code MCP_SERVERS} (inline JSON, or the path of a JSON file) in the shape MCP clients
 * share: {@code {"name": {"command": ..., "args": [...], "env": {...}}}} for stdio and
 * {@code {"name": {"url": ..., "headers": {...}}}} for streamable HTTP, optionally wrapped in
 * {@code {"mcpServers": {...}}}. Every problem is reported at start-up, at once, by name.
 * PromptX is added when enabled and its command is on the PATH.
 */
public final class McpServerSpecs {

    static final String PROMPTX = "promptx";
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,32}");

    /** The servers to attach, and the start-up warnings to log (PromptX missing). */
    public record Resolved(List<McpServerSpec> servers, List<String> warnings) {
    }

    private McpServerSpecs() {
    }

    public static Resolved resolve(Settings.Mcp settings, String searchPath) {
        List<McpServerSpec> servers = new ArrayList<>(settings.servers().map(McpServerSpecs::parse).orElse(List.of()));
        List<String> warnings = new ArrayList<>();
        boolean configured = servers.stream().anyMatch(s -> s.name().equals(PROMPTX));
        if (settings.promptx() && !configured) {
            Optional<Path> promptx = Executables.find(PROMPTX, searchPath);
            if (promptx.isPresent()) {
                servers.add(McpServerSpec.stdio(PROMPTX, promptx.get().toString(), List.of("mcp-server"), Map.of()));
            } else {
                warnings.add("ENABLE_PROMPTX is on but there is no 'promptx' command on the PATH, so the agent runs"
                        + " without PromptX. Install PromptX for the server's OS user, or set ENABLE_PROMPTX=false to"
                        + " turn it off. (Said once for this data directory.)");
            }
        }
        return new Resolved(List.copyOf(servers), List.copyOf(warnings));
    }

    /** Parses inline JSON (starts with '{') or the JSON file the value names. */
    public static List<McpServerSpec> parse(String value) {
        String text = value.strip();
        if (!text.startsWith("{")) {
            Path file = Path.of(text);
            try {
                text = Files.readString(file);
            } catch (IOException e) {
                throw new StartupException("MCP_SERVERS names the file '" + file.toAbsolutePath() + "', which cannot"
                        + " be read (" + e.getClass().getSimpleName() + "). Give inline JSON or a readable JSON file.");
            }
        }
        JsonObject root;
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            root = reader.readObject();
        } catch (JsonException | IllegalStateException e) {
            throw new StartupException("MCP_SERVERS is not a JSON object: " + firstLine(e.getMessage())
                    + ". Expected {\"name\": {\"command\": \"...\", \"args\": [...]}} or {\"name\": {\"url\": \"...\"}}.");
        }
        JsonObject servers = root.containsKey("mcpServers") && root.get("mcpServers") instanceof JsonObject wrapped
                ? wrapped : root;
        List<String> problems = new ArrayList<>();
        List<McpServerSpec> specs = new ArrayList<>();
        servers.forEach((name, entry) -> {
            try {
                spec(name, entry).ifPresent(specs::add);
            } catch (IllegalArgumentException e) {
                problems.add("MCP_SERVERS: server '" + name + "' " + e.getMessage());
            }
        });
        if (!problems.isEmpty()) {
            throw new StartupException(String.join(System.lineSeparator(), problems));
        }
        return List.copyOf(specs);
    }

    private static Optional<McpServerSpec> spec(String name, JsonValue entry) {
        if (!NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("has a name the model cannot use: use 1 to 32 letters, digits,"
                    + " '_' or '-'.");
        }
        if (!(entry instanceof JsonObject server)) {
            throw new IllegalArgumentException("must be a JSON object.");
        }
        if (server.getBoolean("disabled", false)) {
            return Optional.empty();
        }
        String type = server.getString("type", "");
        if (type.equals("sse")) {
            throw new IllegalArgumentException("uses the old SSE transport, which is not supported: use its"
                    + " streamable HTTP endpoint (\"url\") or stdio (\"command\").");
        }
        boolean hasCommand = server.containsKey("command");
        boolean hasUrl = server.containsKey("url");
        if (hasCommand == hasUrl) {
            throw new IllegalArgumentException("needs exactly one of \"command\" (stdio) and \"url\" (streamable HTTP).");
        }
        if (hasCommand) {
            String command = text(server, "command");
            return Optional.of(McpServerSpec.stdio(name, command, strings(server, "args"), map(server, "env")));
        }
        return Optional.of(McpServerSpec.http(name, url(text(server, "url")), map(server, "headers")));
    }

    private static String text(JsonObject server, String field) {
        if (!(server.get(field) instanceof JsonString value) || value.getString().isBlank()) {
            throw new IllegalArgumentException("needs \"" + field + "\" to be a non-empty string.");
        }
        return value.getString();
    }

    private static List<String> strings(JsonObject server, String field) {
        JsonValue value = server.get(field);
        if (value == null) {
            return List.of();
        }
        if (value.getValueType() != JsonValue.ValueType.ARRAY
                || !value.asJsonArray().stream().allMatch(v -> v instanceof JsonString)) {
            throw new IllegalArgumentException("needs \"" + field + "\" to be an array of strings.");
        }
        return value.asJsonArray().stream().map(v -> ((JsonString) v).getString()).toList();
    }

    private static Map<String, String> map(JsonObject server, String field) {
        JsonValue value = server.get(field);
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof JsonObject object) || !object.values().stream().allMatch(v -> v instanceof JsonString)) {
            throw new IllegalArgumentException("needs \"" + field + "\" to be an object of strings.");
        }
        Map<String, String> result = new LinkedHashMap<>();
        object.forEach((k, v) -> result.put(k, ((JsonString) v).getString()));
        return result;
    }

    private static URI url(String value) {
        try {
            URI uri = new URI(value);
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new URISyntaxException(value, "not http(s)");
            }
            return uri;
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("has \"url\" '" + value + "', which is not an http:// or https:// URL.");
        }
    }

    private static String firstLine(String message) {
        return message == null ? "unreadable" : message.lines().findFirst().orElse(message);
    }
}
