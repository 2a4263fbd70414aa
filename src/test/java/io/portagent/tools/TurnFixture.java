package io.portagent.tools;

import io.portagent.agent.AgentEvent;
import io.portagent.agent.Caller;
import io.portagent.agent.EventSink;
import io.portagent.config.ConfigSource;
import io.portagent.config.ConfigSources;
import io.portagent.config.Settings;
import io.portagent.store.ContainerRepository;
import io.portagent.store.DataDirectory;
import io.portagent.store.Storage;
import io.portagent.testing.Await;
import io.portagent.testing.FakeAnthropic;
import io.portagent.testing.RunningAgent;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The agent runtime with the real workspace tools, as the application assembles it: SQLite in a
 * temporary data directory and the real LLM client pointed at the fake Anthropic server. One
 * user with one conversation, whose events are collected.
 */
final class TurnFixture implements AutoCloseable, EventSink {

    final FakeAnthropic fake = FakeAnthropic.start();
    final Settings settings;
    final Storage storage;
    final RunningAgent services;
    final Caller caller = new Caller("user-" + UUID.randomUUID(), UUID.randomUUID().toString());
    final String imageId;
    private final List<JsonObject> events = new ArrayList<>();

    TurnFixture(Path dataDir, Map<String, String> extra) {
        Map<String, String> values = new HashMap<>(Map.of(
                "LLM_PROVIDER_KEY", "sk-ant-test-tools-0123456789",
                "LLM_PROVIDER_URL", fake.baseUri().toString(),
                "AGENTX_DIR", dataDir.toString(),
                "ENABLE_PROMPTX", "false"));
        values.putAll(extra);
        settings = Settings.resolve(ConfigSources.layered(List.of(ConfigSource.of("test", values)), Map.of(), dataDir));
        DataDirectory.prepare(settings.agentxDir());
        storage = Storage.open(settings);
        services = new RunningAgent(settings, storage.agents(), WorkspaceTools.from(settings), Clock.systemUTC());
        new ContainerRepository(storage.agents()).create(caller.containerId(), caller.userId(), 1L);
        imageId = services.runtime().conversations().create(caller, Optional.empty(), Optional.empty()).id();
        services.runtime().subscribe(caller, imageId, null, this);
    }

    Path workdir() {
        return settings.containersDir().resolve(caller.containerId()).resolve("workdirs").resolve(imageId);
    }

    @Override
    public synchronized void accept(AgentEvent event) {
        events.add(Json.createReader(new StringReader(event.json())).readObject());
        notifyAll();
    }

    /** The data of every event of this type so far. */
    synchronized List<JsonObject> data(String type) {
        return events.stream().filter(e -> e.getString("type").equals(type)).map(e -> e.getJsonObject("data"))
                .toList();
    }

    /** Waits, with a deadline, for the first event of this type; returns its data. */
    synchronized JsonObject await(String type, Duration timeout) {
        Await.untilNotified(this, "a " + type + " event", timeout, () -> events, all -> !data(type).isEmpty());
        return data(type).get(0);
    }

    @Override
    public void close() {
        try {
            services.close();
            storage.close();
        } finally {
            fake.close();
        }
    }
}
