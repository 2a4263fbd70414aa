package io.portagent.store;

import io.portagent.store.TurnRepository.EventChunk;
import io.portagent.store.TurnRepository.SessionWrite;
import io.portagent.store.TurnRepository.TurnRow;
import io.portagent.testing.TestFiles;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One turn's SQL in a real SQLite file, on one thread: what the store threads do for every turn
 * the streams scenario relays, without the sockets around it. {@code turnWrites}: the start (the
 * running turn's row and the prompt), two checkpoints of the growing answer with their events,
 * the close (the answer, the ended row with its tokens, which indexes the turn for search, the
 * last events), each its own transaction as the session writer commits them when nothing else
 * queues. {@code sendReads}: the reads of a send (the conversation, the context version and the
 * three newest messages, what a kept window lacks after a turn). Conversations are taken in turn from 1,000, so pages are
 * as scattered as with 1,000 streams; each has a few turns before the measurement starts.
 * {@code -jvmArgsAppend -Dbench.sql=FILE} runs FILE's statements ({@code ;}-separated) on the
 * database first: dropping the search index's triggers, for one, shows what indexing costs.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"})
public class TurnWritesBenchmark {

    private static final int CONVERSATIONS = 1_000;
    /** A 60-delta answer of the streams scenario: about 1,000 characters. */
    private static final String ANSWER = "lorem ipsum dolor sit amet ".repeat(37);

    private Path dir;
    private Database db;
    private TurnRepository turns;
    private MessageRepository messages;
    private ConversationRepository conversations;
    private long turn;
    private long seq;

    @Setup(Level.Trial)
    public void open() throws IOException {
        dir = Files.createTempDirectory("portagent-turn-writes");
        db = Database.open("agentx.db", DataSources.onFile(dir.resolve("agentx.db")), Schemas.AGENTX);
        turns = new TurnRepository(db);
        messages = new MessageRepository(db);
        conversations = new ConversationRepository(db);
        new ContainerRepository(db).create("c1", "u1", 1);
        String variant = System.getProperty("bench.sql"); // a file of statements, e.g. to drop a trigger and see its share
        for (String sql : variant == null ? new String[0] : Files.readString(Path.of(variant)).split(";")) {
            if (!sql.isBlank()) {
                db.write(c -> {
                    try (var statement = c.createStatement()) {
                        return statement.executeUpdate(sql);
                    }
                });
            }
        }
        for (int i = 0; i < CONVERSATIONS; i++) {
            conversations.create(new ConversationRecord("i" + i, "c1", "s" + i, "bench", null, 1, 1, null));
        }
        for (int i = 0; i < 3 * CONVERSATIONS; i++) {
            turnWrites();
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        db.close();
        TestFiles.deleteTree(dir);
    }

    @Benchmark
    public long turnWrites() {
        long n = ++turn;
        String session = "s" + (n % CONVERSATIONS);
        String turnId = "t" + n;
        long now = 1_800_000_000_000L + n;
        turns.save(new SessionWrite(session, List.of(row(turnId, "running", 0, 0)),
                List.of(new MessageRecord("p" + n, session, "user", "user", "\"What next, " + n + "?\"", now, turnId)),
                events(4)));
        for (int part = 1; part <= 2; part++) {
            turns.save(new SessionWrite(session, List.of(row(turnId, "running", 0, 10 * part)),
                    List.of(answer(n, session, turnId, ANSWER.substring(0, ANSWER.length() * part / 3), now + part)),
                    events(20)));
        }
        turns.save(new SessionWrite(session, List.of(row(turnId, "completed", now + 3, 60)),
                List.of(answer(n, session, turnId, ANSWER, now + 3)), events(22)));
        return n;
    }

    @Benchmark
    public Object sendReads() {
        long n = turn++;
        String session = "s" + (n % CONVERSATIONS);
        Optional<ConversationRecord> conversation = conversations.find("c1", "i" + (n % CONVERSATIONS));
        long version = messages.contextVersion(session);
        return messages.contextPage(session, "failed", null, 3).size() + version + conversation.map(c -> 1).orElse(0);
    }

    private static TurnRow row(String turnId, String status, long endedAt, int outputTokens) {
        return new TurnRow(turnId, status, 1, endedAt, 100, outputTokens, "bench-model", "u1", "2026-12-07");
    }

    private static MessageRecord answer(long n, String session, String turnId, String text, long at) {
        return new MessageRecord("a" + n, session, "assistant", "assistant", "\"" + text + "\"", at, turnId);
    }

    private EventChunk events(int count) {
        StringBuilder lines = new StringBuilder();
        long first = seq + 1;
        for (int i = 0; i < count; i++) {
            lines.append("{\"type\":\"text_delta\",\"seq\":").append(++seq).append(",\"data\":{\"text\":\"lorem \"}}\n");
        }
        return new EventChunk(first, seq, 1, 2, lines.toString());
    }
}
