package io.portagent.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.testing.FakeAnthropic;
import io.portagent.testing.Script;
import io.portagent.testing.Sqlite3;
import io.portagent.testing.TestFiles;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A JVM killed (SIGKILL) mid-answer: after a restart on the same data directory, the user's
 * message and the answer up to the last checkpoint are there, the turn is closed as
 * interrupted with an {@code error} message saying so, and a client that saw more than was stored sees a seq gap, then the closing events.
 */
class CrashRecoveryTest {

    @Test
    void aKilledJvmLeavesTheUserMessageAndThePartialAnswerAndRecoversTheTurn() throws Exception {
        Path dir = TestFiles.tempDir("portagent-crash");
        String[] ready;
        try (FakeAnthropic fake = FakeAnthropic.start()) {
            String[] deltas = new String[200];
            for (int i = 0; i < deltas.length; i++) {
                deltas[i] = "w" + i + " ";
            }
            fake.defaultScript(Script.text(deltas).deltaDelay(Duration.ofMillis(50)));
            String classpath = System.getProperty("java.class.path");
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", classpath, CrashHarness.class.getName(), dir.toString(), fake.baseUri().toString())
                    .redirectErrorStream(true).start();
            // never wait on a stuck child for ever: it is killed after a minute whatever happens
            java.util.concurrent.CompletableFuture.delayedExecutor(60, TimeUnit.SECONDS).execute(child::destroyForcibly);
            ready = awaitReady(child);
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        }
        String imageId = ready[1];
        long seenSeq = Long.parseLong(ready[2]);
        String seenText = String.join(" ", List.of(ready).subList(3, ready.length));
        Path db = dir.resolve("data/agentx.db");
        assertEquals("running", Sqlite3.run(db, "SELECT status FROM turns;"), "the kill left the turn open");

        try (RuntimeFixture restarted = new RuntimeFixture(dir, ToolRegistry.NONE, Map.of())) {
            Caller caller = new Caller("crash-user", "user-crash");
            List<Message> history = restarted.runtime().conversations().history(caller, imageId);
            assertEquals("\"tell me a long story\"", history.get(0).content());
            String partial = MessageContent.textOf(history.get(1).content());
            assertTrue(partial.length() > 0 && seenText.startsWith(partial.strip()),
                    "stored '" + partial + "' is a prefix of seen '" + seenText + "'");
            assertEquals("interrupted", Sqlite3.run(db, "SELECT status FROM turns;"));
            assertEquals(3, history.size(), "prompt, partial answer, and the stored sign of the cut");
            Message cut = history.get(2);
            assertEquals(MessageKind.ERROR, cut.kind());
            assertEquals("server_restarted", MessageContent.objectOf(cut.content()).getString("code"));

            CollectingSink sink = new CollectingSink();
            long lastSeq = restarted.runtime().subscribe(caller, imageId, seenSeq, sink).lastSeq();
            assertTrue(lastSeq > seenSeq + 1, "seq moved past anything a client saw");
            assertEquals(List.of("interrupted", "error", "conversation_end"), sink.types());
            assertTrue(sink.events().get(0).seq() > seenSeq + 1, "a gap the client can detect");
        } finally {
            TestFiles.deleteTree(dir);
        }
    }

    private static String[] awaitReady(Process child) throws Exception {
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        String line;
        while ((line = out.readLine()) != null) {
            if (line.startsWith("CRASH-READY ")) {
                return line.strip().split(" ");
            }
            seen.append(line).append('\n');
        }
        throw new AssertionError("the harness ended without getting ready:\n" + seen);
    }
}
