package io.portagent.tools;

import io.portagent.agent.ToolRegistry;
import io.portagent.config.Settings;
import io.portagent.llm.ToolSpec;
import java.io.IOException;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The built-in tools as the runtime sees them. Each call runs on the runtime's tool executor
 * thread that called it: the working directory is created on first use, the call has
 * TOOL_TIMEOUT to finish, and every refusal or I/O failure comes back as a tool error sentence.
 * An interrupt (the user stopped the turn) is rethrown as {@link InterruptedException}.
 */
public final class WorkspaceTools implements ToolRegistry {

    private final Settings.Tools limits;
    private final Map<String, WorkspaceTool> tools = new LinkedHashMap<>();

    public WorkspaceTools(Settings.Tools limits) {
        this(limits, System.getenv());
    }

    WorkspaceTools(Settings.Tools limits, Map<String, String> serverEnvironment) {
        this.limits = limits;
        List<WorkspaceTool> all = new ArrayList<>(List.of(new ListFilesTool(), new ReadFileTool(),
                new WriteFileTool(), new EditFileTool(), new SearchFilesTool()));
        if (limits.shellEnabled()) {
            all.add(new BashTool(serverEnvironment));
        }
        all.forEach(tool -> tools.put(tool.spec().name(), tool));
    }

    public static WorkspaceTools from(Settings settings) {
        return new WorkspaceTools(settings.tools());
    }

    /** The start-up warning to log when the shell tool is on. */
    public Optional<String> shellWarning() {
        return limits.shellEnabled() ? Optional.of("ENABLE_SHELL_TOOL is on: the model can run any bash command as"
                + " OS user '" + System.getProperty("user.name") + "', with that user's access to this machine and"
                + " network. Enable it only on a trusted single-team server.") : Optional.empty();
    }

    @Override
    public List<ToolSpec> specs(ToolContext context) {
        return tools.values().stream().map(WorkspaceTool::spec).toList();
    }

    @Override
    public ToolOutcome call(ToolContext context, String name, String inputJson) throws InterruptedException {
        WorkspaceTool tool = tools.get(name);
        if (tool == null) {
            return new ToolOutcome("Unknown tool: " + name, true);
        }
        Deadline deadline = Deadline.after(limits.timeout());
        WorkspacePaths paths = null;
        try {
            ToolInput input = ToolInput.parse(inputJson);
            paths = WorkspacePaths.open(context.workdir());
            return tool.run(new WorkspaceTool.Call(paths, input, deadline, limits));
        } catch (ToolException e) {
            stopIfInterrupted();
            return new ToolOutcome(e.getMessage(), true);
        } catch (ClosedByInterruptException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedException("tool call interrupted");
        } catch (IOException e) {
            stopIfInterrupted();
            return new ToolOutcome(describe(e, paths), true);
        }
    }

    private static void stopIfInterrupted() throws InterruptedException {
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedException("tool call interrupted");
        }
    }

    /** An I/O failure as a sentence, naming files relative to the working directory (never the server's paths). */
    static String describe(IOException e, WorkspacePaths paths) {
        if (!(e instanceof FileSystemException failure) || paths == null) {
            return "The working directory could not be used: " + e.getClass().getSimpleName() + ".";
        }
        String file = "'" + paths.display(failure.getFile()) + "'";
        if (e instanceof NoSuchFileException) {
            return file + " does not exist.";
        }
        if (e instanceof NotDirectoryException) {
            return file + " is not a directory.";
        }
        if (e instanceof FileAlreadyExistsException) {
            return file + " already exists and is not a directory.";
        }
        if (e instanceof AccessDeniedException) {
            return "Permission denied: " + file + ".";
        }
        String reason = failure.getReason() == null ? "I/O error" : failure.getReason();
        return file + ": " + reason + ".";
    }
}
