package io.portagent.agent;

import io.portagent.llm.ContentBlock;
import io.portagent.llm.ModelProvider;
import io.portagent.llm.LlmRequest;
import io.portagent.store.MessageRepository;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.Supplier;

/** What every turn is given by the runtime: the model client, tools, the history, executors and limits. */
record TurnSetup(
        ModelProvider llm,
        ToolRegistry tools,
        MessageRepository messages,
        ExecutorService storeExecutor,
        ExecutorService toolExecutor,
        ScheduledExecutorService timer,
        Clock clock,
        int maxTokens,
        int contextBudgetChars,
        int maxIterations,
        Path containersDir,
        Attachments attachments,
        Consumer<TurnRunner> onEnd,
        Supplier<TurnObserver> observer,
        ContextCache contexts) {

    /** Where a tool call of this conversation happens: whose it is, and its working directory. */
    ToolRegistry.ToolContext toolContext(Caller caller, String conversationId) {
        return new ToolRegistry.ToolContext(caller, conversationId, containersDir.resolve(caller.containerId())
                .resolve("workdirs").resolve(conversationId));
    }

    /**
     * The next model request of a turn: the session's history as context (failed turns left out), the tools.
     * The window and its attachments are read in one read transaction (the context version, the new
     * messages, the attachments: pages read once, not once each while other turns commit).
     */
    LlmRequest request(String model, String sessionId, String systemPrompt, ToolRegistry.ToolContext context) {
        Context read = messages.readTogether(() -> {
            ContextWindow.Window window = ContextWindow.read(messages, contexts, sessionId,
                    TurnStatus.FAILED.wireName(), contextBudgetChars);
            return new Context(window, attachments.blocks(sessionId, window.messages(), context.workdir()));
        });
        return new LlmRequest(model, maxTokens, systemPrompt, ContextBuilder.build(read.window().messages(),
                read.window().alone(), read.attached(), contextBudgetChars, read.window().memo(),
                read.window().settled()), tools.specs(context));
    }

    private record Context(ContextWindow.Window window, Map<String, List<ContentBlock>> attached) {
    }

    void turnEnded(TurnRunner runner) {
        onEnd.accept(runner);
    }
}
