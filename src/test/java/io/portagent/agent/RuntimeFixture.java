package io.portagent.agent;

import io.portagent.config.ConfigSource;
import io.portagent.config.ConfigSources;
import io.portagent.config.Settings;
import io.portagent.store.ContainerRepository;
import io.portagent.store.DataDirectory;
import io.portagent.store.MessageRecord;
import io.portagent.store.Storage;
import io.portagent.testing.FakeAnthropic;
import io.portagent.testing.TestFiles;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The agent runtime for tests, assembled as the application does it: real SQLite files in a
 * temporary data directory, the real LLM client, pointed at the fake Anthropic server.
 */
final class RuntimeFixture implements AutoCloseable {

    final FakeAnthropic fake;
    final Path dir;
    final Settings settings;
    private final ToolRegistry tools;
    private boolean ownsDir;
    Storage storage;
    AgentServices services;

    RuntimeFixture(ToolRegistry tools, Map<String, String> extra) {
        this(TestFiles.tempDir("portagent-runtime"), tools, extra);
        ownsDir = true;
    }

    /** A runtime on an existing data directory (e.g. one a crashed process left behind); the caller deletes it. */
    RuntimeFixture(Path dir, ToolRegistry tools, Map<String, String> extra) {
        this.fake = FakeAnthropic.start();
        this.dir = dir;
        this.tools = tools;
        Map<String, String> values = new HashMap<>(Map.of(
                "LLM_PROVIDER_KEY", "sk-ant-test-runtime-0123456789",
                "LLM_PROVIDER_URL", fake.baseUri().toString(),
                "AGENTX_DIR", dir.toString(),
                "ENABLE_PROMPTX", "false"));
        values.putAll(extra);
        this.settings = Settings.resolve(ConfigSources.layered(List.of(ConfigSource.of("test", values)), Map.of(), dir));
        open();
    }

    RuntimeFixture() {
        this(ToolRegistry.NONE, Map.of());
    }

    AgentRuntime runtime() {
        return services.runtime();
    }

    /** A user with a container of their own. */
    Caller newUser() {
        Caller caller = new Caller(UUID.randomUUID().toString(), "user-" + UUID.randomUUID());
        new ContainerRepository(storage.agents()).create(caller.containerId(), caller.userId(), 1L);
        return caller;
    }

    String newConversation(Caller caller) {
        return runtime().conversations().create(caller, java.util.Optional.empty(), java.util.Optional.empty())
                .imageId();
    }

    /** Waits until the conversation has {@code n} messages and no turn running (its final write has no event). */
    List<MessageRecord> awaitHistory(Caller caller, String imageId, int n) {
        long deadline = System.nanoTime() + java.time.Duration.ofSeconds(20).toNanos();
        String sessionId = runtime().conversations().require(caller, imageId).sessionId();
        List<MessageRecord> messages = runtime().conversations().history(caller, imageId);
        while (messages.size() < n || runtime().isRunning(sessionId)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("history has " + messages.size() + " messages, expected " + n);
            }
            java.util.concurrent.locks.LockSupport.parkNanos(5_000_000);
            messages = runtime().conversations().history(caller, imageId);
        }
        return messages;
    }

    /** Stops the runtime and closes the databases, as a shutdown does. */
    void stop() {
        services.close();
        storage.close();
    }

    /** Opens storage and the runtime again on the same data directory, as a restart does. */
    void open() {
        DataDirectory.prepare(settings.agentxDir());
        storage = Storage.open(settings);
        services = AgentServices.start(settings, storage, tools, Clock.systemUTC());
    }

    @Override
    public void close() {
        try {
            stop();
        } finally {
            fake.close();
            if (ownsDir) {
                TestFiles.deleteTree(dir);
            }
        }
    }
}
