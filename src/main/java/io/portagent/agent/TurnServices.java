package io.portagent.agent;

import io.portagent.llm.LlmClient;
import io.portagent.store.MessageRepository;
import io.portagent.store.TurnRepository;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.function.Consumer;

/** What a turn needs from the runtime: the model client, tools, storage, executors and limits. */
record TurnServices(
        LlmClient llm,
        ToolRegistry tools,
        TurnRepository turns,
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

    Path workdir(Caller caller, String imageId) {
        return containersDir.resolve(caller.containerId()).resolve("workdirs").resolve(imageId);
    }

    void turnEnded(TurnRunner runner) {
        onEnd.accept(runner);
    }
}
