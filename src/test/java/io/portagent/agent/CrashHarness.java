package io.portagent.agent;

import io.portagent.testing.RunningAgent;
import io.portagent.config.ConfigSource;
import io.portagent.config.ConfigSources;
import io.portagent.config.Settings;
import io.portagent.store.ContainerRepository;
import io.portagent.store.DataDirectory;
import io.portagent.store.Storage;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Run in a child JVM by {@link CrashRecoveryTest}: starts a turn against the given provider URL,
 * waits until a checkpoint has been written mid-stream, prints where things are, and then waits
 * to be killed.
 */
public final class CrashHarness {

    private CrashHarness() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        Settings settings = Settings.resolve(ConfigSources.layered(List.of(ConfigSource.of("harness", Map.of(
                "LLM_PROVIDER_KEY", "sk-ant-crash-harness-0123456789", "LLM_PROVIDER_URL", args[1],
                "AGENTX_DIR", dir.toString(), "ENABLE_PROMPTX", "false"))), Map.of(), dir));
        DataDirectory.prepare(settings.agentxDir());
        Storage storage = Storage.open(settings);
        AgentRuntime runtime = new RunningAgent(settings, storage.agents(), ToolRegistry.NONE, Clock.systemUTC())
                .runtime();
        Caller caller = new Caller("crash-user", "user-crash");
        new ContainerRepository(storage.agents()).create(caller.containerId(), caller.userId(), 1L);
        String imageId = runtime.conversations().create(caller, Optional.empty(), Optional.empty()).id();
        CollectingSink sink = new CollectingSink();
        runtime.subscribe(caller, imageId, null, sink);
        runtime.send(caller, imageId, "tell me a long story");
        sink.awaitCount(EventType.TEXT_DELTA, 5, Duration.ofSeconds(30));
        // Past the checkpoint interval, with more deltas after it, so some events are not yet stored.
        Thread.sleep(ModelRound.CHECKPOINT_MILLIS * 2 + 300);
        List<AgentEvent> events = sink.events();
        System.out.println("CRASH-READY " + imageId + " " + events.get(events.size() - 1).seq() + " " + sink.text());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
