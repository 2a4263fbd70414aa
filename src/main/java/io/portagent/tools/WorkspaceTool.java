package io.portagent.tools;

import io.portagent.agent.ToolRegistry.ToolOutcome;
import io.portagent.config.Settings;
import io.portagent.llm.ToolSpec;
import java.io.IOException;

/** One built-in tool: its declaration for the model, and a call in a working directory. */
interface WorkspaceTool {

    /** What one call has: the working directory's paths, the input, its deadline and the limits. */
    record Call(WorkspacePaths paths, ToolInput input, Deadline deadline, Settings.Tools limits) {
    }

    ToolSpec spec();

    /** Runs the call; refusals are {@link ToolException}s, I/O failures are described by the registry. */
    ToolOutcome run(Call call) throws IOException, InterruptedException;

    static ToolOutcome ok(String content) {
        return new ToolOutcome(content, false);
    }
}
