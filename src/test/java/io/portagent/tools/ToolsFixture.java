package io.portagent.tools;

import io.portagent.agent.Caller;
import io.portagent.agent.ToolRegistry.ToolContext;
import io.portagent.agent.ToolRegistry.ToolOutcome;
import io.portagent.config.Settings;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/** The workspace tools over a working directory in a test's temporary folder, with small limits. */
final class ToolsFixture {

    static final long MAX_FILE = 1_000;
    static final long MAX_WORKSPACE = 3_000;

    final Path workdir;
    final WorkspaceTools tools;
    final ToolContext context;

    ToolsFixture(Path tempDir) {
        this(tempDir, new Settings.Tools(false, MAX_FILE, MAX_WORKSPACE, Duration.ofSeconds(10)), Map.of());
    }

    ToolsFixture(Path tempDir, Settings.Tools limits, Map<String, String> serverEnvironment) {
        this.workdir = tempDir.resolve("containers/c1/workdirs/i1");
        this.tools = new WorkspaceTools(limits, serverEnvironment);
        this.context = new ToolContext(new Caller("u1", "c1"), "i1", workdir);
    }

    /** Calls a tool with the input built from name/value pairs. */
    ToolOutcome call(String tool, Object... nameValues) {
        try {
            return tools.call(context, tool, json(nameValues));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    static String json(Object... nameValues) {
        JsonObjectBuilder object = Json.createObjectBuilder();
        for (int i = 0; i < nameValues.length; i += 2) {
            String name = (String) nameValues[i];
            Object value = nameValues[i + 1];
            if (value instanceof Boolean b) {
                object.add(name, b);
            } else if (value instanceof Integer n) {
                object.add(name, n);
            } else {
                object.add(name, String.valueOf(value));
            }
        }
        return object.build().toString();
    }

    /** Writes a file in the working directory directly (not through a tool). */
    Path file(String relative, String content) {
        try {
            Path file = workdir.resolve(relative);
            Files.createDirectories(file.getParent());
            return Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    String read(String relative) {
        try {
            return Files.readString(workdir.resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
