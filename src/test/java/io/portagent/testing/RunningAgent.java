package io.portagent.testing;

import io.portagent.agent.AgentRuntime;
import io.portagent.agent.Retention;
import io.portagent.agent.ToolRegistry;
import io.portagent.config.Settings;
import io.portagent.llm.ModelRouter;
import io.portagent.store.Database;
import java.time.Clock;

/**
 * The agent runtime assembled as the application's composition root does it (the model client,
 * the runtime, crash recovery, retention), for tests below the web layer; stops them in reverse.
 */
public final class RunningAgent implements AutoCloseable {

    private final ModelRouter llm;
    private final AgentRuntime runtime;
    private final Retention retention;

    public RunningAgent(Settings settings, Database agents, ToolRegistry tools, Clock clock) {
        llm = ModelRouter.start(settings);
        runtime = new AgentRuntime(settings, agents, llm, tools, clock);
        runtime.recoverCrashedTurns();
        int days = settings.agent().messageRetentionDays();
        retention = days > 0 ? new Retention(runtime, days, clock) : null;
    }

    public AgentRuntime runtime() {
        return runtime;
    }

    @Override
    public void close() {
        if (retention != null) {
            retention.close();
        }
        runtime.close();
        llm.close();
    }
}
