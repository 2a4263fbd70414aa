package io.portagent.agent;

import io.portagent.config.Settings;
import io.portagent.llm.LlmClient;
import io.portagent.llm.LlmConfig;
import io.portagent.store.MessageRepository;
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
        LlmConfig config = LlmConfig.of(settings.apiUrl(), settings.apiKey())
                .withTimeouts(LlmConfig.DEFAULT_CONNECT_TIMEOUT, settings.agent().idleTimeout())
                .withRetries(settings.agent().maxAttempts(), LlmConfig.DEFAULT_INITIAL_BACKOFF,
                        LlmConfig.DEFAULT_MAX_BACKOFF)
                .withProxies(settings.proxies().http(), settings.proxies().https(), settings.proxies().noProxy());
        LlmClient llm = new LlmClient(config);
        AgentRuntime runtime = new AgentRuntime(settings, storage, llm, tools, clock);
        int crashed = runtime.recoverCrashedTurns();
        if (crashed > 0) {
            LOG.warn("Closed {} turn(s) left running by the last shutdown", crashed);
        }
        int days = settings.agent().messageRetentionDays();
        Retention retention = days > 0
                ? new Retention(new MessageRepository(storage.agents()), days, clock) : null;
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
