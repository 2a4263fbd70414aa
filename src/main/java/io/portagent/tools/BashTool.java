package io.portagent.tools;

import io.portagent.agent.ToolRegistry.ToolOutcome;
import io.portagent.llm.ToolSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code bash}: runs a command with {@code bash -c} in the working directory, as the server's
 * OS user. Offered only when ENABLE_SHELL_TOOL is true. The command sees a minimal environment
 * (never the server's, which holds the provider key and the JWT secret), gets no stdin, may
 * write files up to WORKSPACE_MAX_FILE_BYTES ({@code ulimit -f}), and is killed with everything
 * it started at the timeout or when the user stops the turn.
 */
final class BashTool implements WorkspaceTool {

    static final String NAME = "bash";
    static final int OUTPUT_CAP_BYTES = 30_000;
    static final String DEFAULT_PATH = "/usr/local/bin:/usr/bin:/bin";
    /** Sets the file-size limit, then runs the command in a fresh bash so its line numbers are its own. */
    private static final String WRAPPER = "ulimit -f \"$1\" && exec bash -c \"$2\"";

    private final Map<String, String> serverEnvironment;

    BashTool(Map<String, String> serverEnvironment) {
        this.serverEnvironment = Map.copyOf(serverEnvironment);
    }

    @Override
    public ToolSpec spec() {
        return new ToolSpec(NAME, """
                Runs a shell command with bash -c in the working directory and returns its combined stdout and \
                stderr (cut after 30000 bytes) and exit code. There is no stdin and no terminal; the command is \
                stopped at the time limit, together with anything it started. HOME is the working directory.""", """
                {"type":"object","properties":{\
                "command":{"type":"string","description":"The bash command to run"}},\
                "required":["command"],"additionalProperties":false}""");
    }

    @Override
    public ToolOutcome run(Call call) throws IOException, InterruptedException {
        String command = call.input().requiredString("command");
        if (command.isBlank()) {
            throw new ToolException("command is empty; give the bash command to run.");
        }
        if (command.indexOf('\0') >= 0) {
            throw new ToolException("The command contains a NUL byte.");
        }
        ShellProcess shell;
        try {
            shell = ShellProcess.start(builder(call, command), OUTPUT_CAP_BYTES);
        } catch (IOException e) {
            throw new ToolException("bash could not be started on this server (" + e.getMessage() + ").");
        }
        boolean exited = shell.await(call.deadline().remainingNanos());
        shell.kill(); // also stops background jobs left behind by a command that exited
        String output = shell.output();
        if (!exited) {
            return new ToolOutcome(call.deadline().timedOut() + " Output so far:\n" + output, true);
        }
        int code = shell.exitCode();
        String body = output.isEmpty() ? "(no output)" : output;
        return new ToolOutcome(body + (body.endsWith("\n") ? "" : "\n") + "Exit code: " + code, code != 0);
    }

    private ProcessBuilder builder(Call call, String command) {
        Path root = call.paths().root();
        long blocks = Math.max(1, (call.limits().maxFileBytes() + 1023) / 1024);
        ProcessBuilder builder = new ProcessBuilder(new java.util.ArrayList<>(
                List.of("bash", "-c", WRAPPER, "bash", String.valueOf(blocks), command)));
        builder.directory(root.toFile());
        builder.environment().clear();
        builder.environment().putAll(environment(root, serverEnvironment));
        return builder;
    }

    /** The command's whole environment: PATH from the server (or a default), HOME, LANG. Nothing else. */
    static Map<String, String> environment(Path workdir, Map<String, String> server) {
        Map<String, String> env = new HashMap<>();
        env.put("PATH", server.getOrDefault("PATH", DEFAULT_PATH));
        env.put("HOME", workdir.toString());
        env.put("LANG", "C.UTF-8");
        return env;
    }
}
