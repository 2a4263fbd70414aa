package io.portagent.agent;

import io.portagent.llm.ToolSpec;
import java.nio.file.Path;
import java.util.List;

/** The tools a turn may offer the model and run. Implementations run on the tool executor and may block. */
public interface ToolRegistry {

    /** Where a tool call happens: whose conversation, and its working directory. */
    record ToolContext(Caller caller, String conversationId, Path workdir) {
    }

    /** A tool's answer, as the model will read it. */
    record ToolOutcome(String content, boolean isError) {
    }

    List<ToolSpec> specs(ToolContext context);

    /** Runs one call; an interrupt of the calling thread means the user stopped the turn. */
    ToolOutcome call(ToolContext context, String name, String inputJson) throws InterruptedException;

    /** Several registries as one: specs in order, each call routed to the first registry offering that name. */
    static ToolRegistry combine(List<ToolRegistry> registries) {
        List<ToolRegistry> all = List.copyOf(registries);
        return new ToolRegistry() {
            @Override
            public List<ToolSpec> specs(ToolContext context) {
                return all.stream().flatMap(r -> r.specs(context).stream()).toList();
            }

            @Override
            public ToolOutcome call(ToolContext context, String name, String inputJson) throws InterruptedException {
                for (ToolRegistry registry : all) {
                    if (registry.specs(context).stream().anyMatch(spec -> spec.name().equals(name))) {
                        return registry.call(context, name, inputJson);
                    }
                }
                return NONE.call(context, name, inputJson);
            }
        };
    }

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
