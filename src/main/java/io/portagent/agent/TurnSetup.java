package io.portagent.agent;

import io.portagent.llm.ModelProvider;
import io.portagent.llm.LlmRequest;
import io.portagent.store.MessageRepository;
import java.nio.file.Path;
import java.time.Clock;
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

    /** The next model request of a turn: the session's history as context (failed turns left out), the tools. */
    LlmRequest request(String model, String sessionId, String systemPrompt, ToolRegistry.ToolContext context) {
        ContextWindow.Window window = ContextWindow.read(messages, contexts, sessionId, TurnStatus.FAILED.wireName(),
                contextBudgetChars);
        return new LlmRequest(model, maxTokens, systemPrompt, ContextBuilder.build(window.messages(), window.alone(),
                attachments.blocks(sessionId, window.messages(), context.workdir()), contextBudgetChars,
                window.memo(), window.settled()), tools.specs(context));
    }

    void turnEnded(TurnRunner runner) {
        onEnd.accept(runner);
    }
}
