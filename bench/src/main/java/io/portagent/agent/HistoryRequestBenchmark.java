package io.portagent.agent;

import io.portagent.llm.LlmMessage;
import io.portagent.llm.LlmRequest;
import io.portagent.llm.WireProtocol;
import io.portagent.llm.anthropic.AnthropicProtocol;
import io.portagent.llm.openai.OpenAiProtocol;
import io.portagent.store.ContainerRepository;
import io.portagent.store.ConversationRecord;
import io.portagent.store.ConversationRepository;
import io.portagent.store.DataSources;
import io.portagent.store.Database;
import io.portagent.store.MessageRecord;
import io.portagent.store.MessageRepository;
import io.portagent.store.Schemas;
import io.portagent.store.TurnRepository;
import io.portagent.store.TurnRepository.SessionWrite;
import io.portagent.store.TurnRepository.TurnRow;
import io.portagent.testing.TestFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The model request of a turn in a long conversation, on one thread, from a real SQLite file: a
 * conversation of 10,000 stored messages (a short prompt and answer each turn, as the history
 * scenario seeds it) whose context window fills the default 400,000-character budget; before
 * each measured request one more turn is stored, as between two turns of the scenario. {@code
 * window}: reading the window (kept from the last turn, extended by the new rows); {@code
 * messages}: that and building the model's messages (from the kept merge, as a turn does);
 * {@code request}: that and rendering the request body in the given protocol, the whole of what a
 * turn does before it sends (attachments aside).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx512m"})
public class HistoryRequestBenchmark {

    private static final int STORED = 10_000;
    private static final int BUDGET = 400_000;
    private static final String SESSION = "s1";
    private static final String FILLER = " lorem ipsum dolor sit amet".repeat(3);

    @Param({"anthropic", "openai"})
    public String protocol;

    private Path dir;
    private Database db;
    private TurnRepository turns;
    private MessageRepository messages;
    private final ContextCache cache = new ContextCache();
    private WireProtocol wire;
    private long turn;

    @Setup(Level.Trial)
    public void open() throws IOException {
        dir = Files.createTempDirectory("portagent-history-request");
        db = Database.open("agentx.db", DataSources.onFile(dir.resolve("agentx.db")), Schemas.AGENTX);
        turns = new TurnRepository(db);
        messages = new MessageRepository(db);
        new ContainerRepository(db).create("c1", "u1", 1);
        new ConversationRepository(db).create(new ConversationRecord("i1", "c1", SESSION, "bench", null, 1, 1, null));
        wire = "openai".equals(protocol) ? new OpenAiProtocol() : new AnthropicProtocol();
        for (int stored = 0; stored < STORED; stored += 2 * 500) {
            List<TurnRow> rows = new ArrayList<>();
            List<MessageRecord> added = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                long n = ++turn;
                rows.add(new TurnRow("t" + n, "completed", n, n + 1, 1, 1, "bench-model", "u1", "2026-12-07"));
                added.addAll(pair(n));
            }
            turns.save(new SessionWrite(SESSION, rows, added, null));
        }
        request(); // the window read in full once, kept from then on
    }

    @Setup(Level.Invocation)
    public void nextTurn() {
        long n = ++turn;
        turns.save(new SessionWrite(SESSION, List.of(new TurnRow("t" + n, "completed", n, n + 1, 1, 1,
                "bench-model", "u1", "2026-12-07")), pair(n), null));
    }

    @TearDown(Level.Trial)
    public void close() {
        db.close();
        TestFiles.deleteTree(dir);
    }

    @Benchmark
    public Object window() {
        return ContextWindow.read(messages, cache, SESSION, TurnStatus.FAILED.wireName(), BUDGET);
    }

    @Benchmark
    public List<LlmMessage> messages() {
        ContextWindow.Window window = ContextWindow.read(messages, cache, SESSION, TurnStatus.FAILED.wireName(),
                BUDGET);
        return ContextBuilder.build(window.messages(), window.alone(), Map.of(), BUDGET, window.memo(),
                window.settled());
    }

    @Benchmark
    public byte[] request() {
        return wire.render(new LlmRequest("bench-model", 4096, "You are a bench.", messages(), List.of()));
    }

    private static List<MessageRecord> pair(long n) {
        return List.of(
                new MessageRecord("p" + n, SESSION, "user", "user", "\"message " + n + FILLER + "\"", n, "t" + n),
                new MessageRecord("a" + n, SESSION, "assistant", "assistant", "\"answer " + n + FILLER + "\"", n,
                        "t" + n));
    }
}
