package io.portagent.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.portagent.agent.Caller;
import io.portagent.agent.ToolRegistry.ToolContext;
import io.portagent.agent.ToolRegistry.ToolOutcome;
import io.portagent.config.Settings;
import io.portagent.testing.TestFiles;
import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The workspace tools over a conversation's working directory in a temporary folder, with small
 * limits, fresh for each test: register it on an instance field.
 *
 * <pre>{@code
 * @RegisterExtension
 * final ToolsFixture fixture = new ToolsFixture();
 * }</pre>
 */
final class ToolsFixture implements BeforeEachCallback, AfterEachCallback {

    static final long MAX_FILE = 1_000;
    static final long MAX_WORKSPACE = 3_000;

    private final Settings.Tools limits;
    private final Map<String, String> serverEnvironment;
    private Path temp;
    private Workspace workspace;

    /** The file tools only, files up to 1,000 bytes, 3,000 bytes a working directory. */
    ToolsFixture() {
        this(limits(false, MAX_FILE, MAX_WORKSPACE, Duration.ofSeconds(10)), Map.of());
    }

    /** With these limits, and {@code serverEnvironment} as the server's environment (what the shell could leak). */
    ToolsFixture(Settings.Tools limits, Map<String, String> serverEnvironment) {
        this.limits = limits;
        this.serverEnvironment = serverEnvironment;
    }

    static Settings.Tools limits(boolean shell, long maxFile, long maxWorkspace, Duration timeout) {
        return new Settings.Tools(shell, maxFile, maxWorkspace, timeout);
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        temp = TestFiles.tempDir("portagent-tools");
        workspace = new Workspace(temp, limits, serverEnvironment);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        TestFiles.deleteTree(temp);
    }

    /** The folder around the working directory: what a test puts here is outside the conversation's reach. */
    Path temp() {
        return temp;
    }

    Path workdir() {
        return workspace.workdir;
    }

    WorkspaceTools tools() {
        return workspace.tools;
    }

    ToolContext context() {
        return workspace.context;
    }

    /** Calls a tool with the input built from name/value pairs. */
    ToolOutcome call(String tool, Object... nameValues) {
        return workspace.call(tool, nameValues);
    }

    /** Writes a file in the working directory directly (not through a tool). */
    Path file(String relative, String content) {
        return workspace.file(relative, content);
    }

    String read(String relative) {
        try {
            return Files.readString(workdir().resolve(relative));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The same working directory under other limits. */
    Workspace withLimits(Settings.Tools other) {
        return new Workspace(temp, other, serverEnvironment);
    }

    /** Another conversation's working directory, in {@code name} below the temporary folder. */
    Workspace elsewhere(String name, Settings.Tools other) {
        return new Workspace(temp.resolve(name), other, serverEnvironment);
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

    /** The call succeeded and answered exactly {@code expected}. */
    static void assertAnswer(String expected, ToolOutcome outcome) {
        assertEquals(new ToolOutcome(expected, false), outcome);
    }

    /** The call failed as a tool error (for the model to read) saying exactly {@code expected}. */
    static void assertToolError(String expected, ToolOutcome outcome) {
        assertEquals(new ToolOutcome(expected, true), outcome);
    }

    /** One conversation's working directory ({@code containers/c1/workdirs/i1} below a root) and its tools. */
    static final class Workspace {
        final Path workdir;
        final WorkspaceTools tools;
        final ToolContext context;

        private Workspace(Path root, Settings.Tools limits, Map<String, String> serverEnvironment) {
            this.workdir = root.resolve("containers/c1/workdirs/i1");
            this.tools = new WorkspaceTools(limits, serverEnvironment);
            this.context = new ToolContext(new Caller("u1", "c1"), "i1", workdir);
        }

        ToolOutcome call(String tool, Object... nameValues) {
            try {
                return tools.call(context, tool, json(nameValues));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }

        Path file(String relative, String content) {
            try {
                Path file = workdir.resolve(relative);
                Files.createDirectories(file.getParent());
                return Files.writeString(file, content, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
