package io.portagent.agent;

import io.portagent.llm.LlmClient;
import io.portagent.store.MessageRepository;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;

/** What every turn is given by the runtime: the model client, tools, the history, executors and limits. */
record TurnSetup(
        LlmClient llm,
        ToolRegistry tools,
        MessageRepository messages,
        ExecutorService storeExecutor,
        ExecutorService toolExecutor,
        Clock clock,
        String model,
        int maxTokens,
        int contextBudgetChars,
        int maxIterations,
        Path containersDir,
        Consumer<TurnRunner> onEnd) {

    Path workdir(Caller caller, String conversationId) {
        return containersDir.resolve(caller.containerId()).resolve("workdirs").resolve(conversationId);
    }

    void turnEnded(TurnRunner runner) {
        onEnd.accept(runner);
    }
}
