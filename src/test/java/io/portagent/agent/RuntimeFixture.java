package io.portagent.agent;

import io.portagent.config.ConfigSource;
import io.portagent.config.ConfigSources;
import io.portagent.config.Settings;
import io.portagent.store.ContainerRepository;
import io.portagent.store.DataDirectory;
import io.portagent.store.DataSourceChoice;
import io.portagent.store.DataSources;
import io.portagent.store.Database;
import io.portagent.store.Schemas;
import io.portagent.store.Storage;
import io.portagent.testing.Await;
import io.portagent.testing.Dialect;
import io.portagent.testing.FakeModelServer;
import io.portagent.testing.RunningAgent;
import io.portagent.testing.TestFiles;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.UnaryOperator;
import javax.sql.DataSource;

/**
 * The agent runtime for tests, assembled as the application does it: real SQLite files in a
 * temporary data directory, the real LLM client, pointed at a fake provider (Anthropic unless
 * a {@link Dialect} is given). A test may
 * wrap agentx.db's DataSource (to make the store slow, say).
 */
final class RuntimeFixture implements AutoCloseable {

    private static final java.time.Duration WAIT = java.time.Duration.ofSeconds(20);

    final FakeModelServer fake;
    final Path dir;
    final Settings settings;
    private final ToolRegistry tools;
    private final UnaryOperator<DataSource> wrap;
    private final Clock clock;
    private boolean ownsDir;
    Storage storage;
    Database agents;
    private RunningAgent agent;

    RuntimeFixture(ToolRegistry tools, Map<String, String> extra) {
        this(Dialect.ANTHROPIC, tools, extra);
    }

    /** A runtime whose provider speaks {@code dialect}, in a temporary data directory. */
    RuntimeFixture(Dialect dialect, ToolRegistry tools, Map<String, String> extra) {
        this(dialect, TestFiles.tempDir("portagent-runtime"), tools, extra, null, Clock.systemUTC());
        ownsDir = true;
    }

    /** A runtime on an existing data directory (e.g. one a crashed process left behind); the caller deletes it. */
    RuntimeFixture(Path dir, ToolRegistry tools, Map<String, String> extra) {
        this(dir, tools, extra, null);
    }

    /** A runtime whose agentx.db is reached through {@code wrap} applied to its SQLite DataSource (null: as is). */
    RuntimeFixture(Path dir, ToolRegistry tools, Map<String, String> extra, UnaryOperator<DataSource> wrap) {
        this(dir, tools, extra, wrap, Clock.systemUTC());
    }

    /** A runtime that reads the time from {@code clock} (every message, event and turn is stamped with it). */
    RuntimeFixture(Path dir, ToolRegistry tools, Map<String, String> extra, UnaryOperator<DataSource> wrap,
            Clock clock) {
        this(Dialect.ANTHROPIC, dir, tools, extra, wrap, clock);
    }

    private RuntimeFixture(Dialect dialect, Path dir, ToolRegistry tools, Map<String, String> extra,
            UnaryOperator<DataSource> wrap, Clock clock) {
        this.clock = clock;
        this.fake = dialect.start();
        this.dir = dir;
        this.tools = tools;
        this.wrap = wrap;
        Map<String, String> values = new HashMap<>(Map.of(
                "LLM_PROVIDER_KEY", "sk-ant-test-runtime-0123456789",
                "AGENTX_DIR", dir.toString(),
                "ENABLE_PROMPTX", "false"));
        values.putAll(dialect.settings(fake));
        values.putAll(extra);
        this.settings = Settings.resolve(ConfigSources.layered(List.of(ConfigSource.of("test", values)), Map.of(), dir));
        open();
    }

    /** A runtime in a temporary data directory whose agentx.db is reached through {@code wrap}. */
    RuntimeFixture(ToolRegistry tools, Map<String, String> extra, UnaryOperator<DataSource> wrap) {
        this(TestFiles.tempDir("portagent-runtime"), tools, extra, wrap);
        ownsDir = true;
    }

    RuntimeFixture() {
        this(ToolRegistry.NONE, Map.of());
    }

    AgentRuntime runtime() {
        return agent.runtime();
    }

    /** A user with a container of their own. */
    Caller newUser() {
        Caller caller = new Caller(UUID.randomUUID().toString(), "user-" + UUID.randomUUID());
        new ContainerRepository(agents).create(caller.containerId(), caller.userId(), 1L);
        return caller;
    }

    String newConversation(Caller caller) {
        return runtime().conversations().create(caller, java.util.Optional.empty(), java.util.Optional.empty())
                .id();
    }

    /** Waits until the conversation has {@code n} messages and no turn running (its final write has no event). */
    List<Message> awaitHistory(Caller caller, String imageId, int n) {
        Conversation conversation = runtime().conversations().require(caller, imageId);
        // as a client reads it (image_messages): a turn that announced its end is waited for until its closing write commits
        Await.until(n + " stored messages and the turn over", WAIT, () -> runtime().snapshot(caller, imageId).messages()
                .size() >= n && !runtime().isRunning(conversation));
        return runtime().snapshot(caller, imageId).messages();
    }

    /** Waits until exactly {@code n} sessions are held in memory (a turn lets its session go after its last write). */
    void awaitSessionsInMemory(int n) {
        Await.until(n + " sessions in memory", WAIT, runtime()::sessionsInMemory, count -> count == n);
    }

    /** Stops the runtime and closes the databases, as a shutdown does. */
    void stop() {
        agent.close();
        if (agents != storage.agents()) {
            agents.close();
        }
        storage.close();
    }

    /** Opens storage and the runtime again on the same data directory, as a restart does. */
    void open() {
        DataDirectory.prepare(settings.agentxDir());
        storage = Storage.open(settings);
        DataSourceChoice file = DataSources.onFile(settings.agentxDb());
        agents = wrap == null ? storage.agents() : Database.open("agentx.db",
                new DataSourceChoice(wrap.apply(file.dataSource()), file.file(), "test"), Schemas.AGENTX);
        agent = new RunningAgent(settings, agents, tools, clock);
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
