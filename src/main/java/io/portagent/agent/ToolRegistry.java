package io.portagent.agent;

import io.portagent.llm.ToolSpec;
import java.nio.file.Path;
import java.util.List;

/** The tools a turn may offer the model and run. Implementations run on the tool executor and may block. */
public interface ToolRegistry {

    /** Where a tool call happens: whose conversation, and its working directory. */
    record ToolContext(Caller caller, String imageId, Path workdir) {
    }

    /** A tool's answer, as the model will read it. */
    record ToolOutcome(String content, boolean isError) {
    }

    List<ToolSpec> specs(ToolContext context);

    /** Runs one call; an interrupt of the calling thread means the user stopped the turn. */
    ToolOutcome call(ToolContext context, String name, String inputJson) throws InterruptedException;

    /** No tools: any call the model makes anyway gets a tool error it can read. */
    ToolRegistry NONE = new ToolRegistry() {
        @Override
        public List<ToolSpec> specs(ToolContext context) {
            return List.of();
        }

        @Override
        public ToolOutcome call(ToolContext context, String name, String inputJson) {
            return new ToolOutcome("Unknown tool: " + name, true);
        }
    };
}
