package io.portagent.agent;

import io.portagent.config.Settings;
import io.portagent.llm.LlmClient;
import io.portagent.llm.LlmConfig;
import io.portagent.store.Storage;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Builds the model client and the runtime at start-up, closes a crashed turn, and stops both at shutdown. */
public final class AgentServices implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AgentServices.class);

    private final LlmClient llm;
    private final AgentRuntime runtime;
    private final Retention retention;

    private AgentServices(LlmClient llm, AgentRuntime runtime, Retention retention) {
        this.llm = llm;
        this.runtime = runtime;
        this.retention = retention;
    }

    public static AgentServices start(Settings settings, Storage storage, ToolRegistry tools, Clock clock) {
        LlmClient llm = new LlmClient(LlmConfig.from(settings));
        AgentRuntime runtime = new AgentRuntime(settings, storage.agents(), llm, tools, clock);
        int crashed = runtime.recoverCrashedTurns();
        if (crashed > 0) {
            LOG.warn("Closed {} turn(s) left running by the last shutdown", crashed);
        }
        int days = settings.agent().messageRetentionDays();
        Retention retention = days > 0 ? new Retention(runtime, days, clock) : null;
        return new AgentServices(llm, runtime, retention);
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
