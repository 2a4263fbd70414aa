package io.portagent.tools;

import static io.portagent.tools.ToolsFixture.assertToolError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.agent.ToolRegistry.ToolOutcome;
import io.portagent.config.Settings;
import io.portagent.testing.Processes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The bash tool when enabled: where it runs, what it sees, and that it always ends. */
class BashToolTest {

    private static final Map<String, String> SERVER_ENV = Map.of(
            "PATH", "/usr/local/bin:/usr/bin:/bin",
            "LLM_PROVIDER_KEY", "sk-ant-api03-server-secret",
            "JWT_SECRET", "jwt-server-secret",
            "AWS_SECRET_ACCESS_KEY", "aws-server-secret",
            "HOME", "/home/server");

    @RegisterExtension
    final ToolsFixture fixture = new ToolsFixture(shellWithTimeout(Duration.ofSeconds(20)), SERVER_ENV);

    private static Settings.Tools shellWithTimeout(Duration timeout) {
        return ToolsFixture.limits(true, 1000, 100_000, timeout);
    }

    @Test
    void runsInTheWorkingDirectoryAndItsFilesAreTheFileToolsFiles() throws IOException {
        ToolOutcome outcome = fixture.call("bash", "command", "pwd; echo made > made.txt");
        assertFalse(outcome.isError(), outcome.content());
        assertEquals(fixture.workdir().toRealPath() + "\nExit code: 0", outcome.content());
        assertEquals("     1\tmade\n", fixture.call("read_file", "path", "made.txt").content());
    }

    @Test
    void aFailingCommandIsAToolErrorWithItsOutputAndExitCode() {
        assertToolError("to-stderr\nExit code: 3", fixture.call("bash", "command", "echo to-stderr >&2; exit 3"));
    }

    @Test
    void theEnvironmentHoldsNoServerSecrets() throws IOException {
        String env = fixture.call("bash", "command", "env").content();
        assertFalse(env.contains("LLM_PROVIDER_KEY"), env);
        assertFalse(env.contains("JWT_SECRET"), env);
        assertFalse(env.contains("AWS_SECRET"), env);
        assertFalse(env.contains("server-secret"), env);
        assertTrue(env.contains("HOME=" + fixture.workdir().toRealPath()), env);
        assertTrue(env.contains("PATH=/usr/local/bin:/usr/bin:/bin"), env);
    }

    @Test
    void theEnvironmentIsBuiltFromPathHomeAndLangOnly() {
        Map<String, String> env = BashTool.environment(Path.of("/w"), SERVER_ENV);
        assertEquals(Map.of("PATH", "/usr/local/bin:/usr/bin:/bin", "HOME", "/w", "LANG", "C.UTF-8"), env);
        assertEquals(BashTool.DEFAULT_PATH, BashTool.environment(Path.of("/w"), Map.of()).get("PATH"));
    }

    @Test
    void outputOverTheCapIsCutWithANote() {
        String content = fixture.call("bash", "command", "head -c 100000 /dev/zero | tr '\\0' x").content();
        assertTrue(content.startsWith("x".repeat(BashTool.OUTPUT_CAP_BYTES) + "\n[Output cut at 30000 bytes; 70000"
                + " more bytes were left out.]"), content.substring(BashTool.OUTPUT_CAP_BYTES));
    }

    @Test
    void theCommandGetsNoStdin() {
        assertEquals("(no output)\nExit code: 0", fixture.call("bash", "command", "cat").content());
    }

    @Test
    void filesOverThePerFileLimitCannotBeWrittenFromTheShell() throws IOException {
        ToolOutcome outcome = fixture.call("bash", "command", "head -c 5000 /dev/zero > big.bin");
        assertTrue(outcome.isError(), outcome.content());
        assertTrue(Files.size(fixture.workdir().resolve("big.bin")) <= 1024);
    }

    @Test
    void aCommandOverTheTimeoutIsStoppedWithItsChildren() throws IOException {
        ToolsFixture.Workspace quick = fixture.withLimits(shellWithTimeout(Duration.ofSeconds(1)));
        long start = System.nanoTime();
        ToolOutcome outcome = quick.call("bash", "command",
                "echo started; sleep 60 & echo $! > child.pid; sleep 60");
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 5, "returned at the timeout");
        assertTrue(outcome.isError());
        assertTrue(outcome.content().startsWith("The call ran longer than its limit of 1 s (TOOL_TIMEOUT) and was"
                + " stopped. Output so far:\nstarted"), outcome.content());
        awaitDead(pid("child.pid"));
    }

    @Test
    void backgroundJobsLeftBehindByAFinishedCommandAreStopped() throws IOException {
        long start = System.nanoTime();
        ToolOutcome outcome = fixture.call("bash", "command", "sleep 60 & echo $! > child.pid; echo done");
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 5);
        assertEquals("done\nExit code: 0", outcome.content());
        awaitDead(pid("child.pid"));
    }

    @Test
    void interruptingTheCallingThreadStopsTheCommandQuickly() throws Exception {
        AtomicReference<Throwable> thrown = new AtomicReference<>();
        Thread caller = new Thread(() -> {
            try {
                fixture.tools().call(fixture.context(), "bash", ToolsFixture.json("command",
                        "sleep 60 & echo $! > child.pid; wait"));
            } catch (Throwable e) {
                thrown.set(e);
            }
        }, "test-tool-caller");
        caller.start();
        long child = awaitPid("child.pid");
        long start = System.nanoTime();
        caller.interrupt();
        caller.join(5_000);
        assertFalse(caller.isAlive(), "the call returned after the interrupt");
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 3);
        assertTrue(thrown.get() instanceof InterruptedException, String.valueOf(thrown.get()));
        awaitDead(child);
    }

    /**
     * A grandchild in a session of its own is outside the command's process group: only the walk
     * of bash's process tree reaches it while bash still runs.
     */
    @Test
    void stoppingTheCommandStopsAGrandchildThatLeftItsProcessGroup() throws Exception {
        Thread caller = new Thread(() -> {
            try {
                fixture.tools().call(fixture.context(), "bash", ToolsFixture.json("command",
                        "setsid sh -c 'sleep 300 & echo $! > grandchild.pid; wait' & wait"));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // expected: this thread stands for a stopped turn
            }
        }, "test-tool-caller");
        caller.start();
        long grandchild = awaitPid("grandchild.pid");
        caller.interrupt();
        caller.join(5_000);
        assertFalse(caller.isAlive(), "the call returned after the interrupt");
        awaitDead(grandchild);
    }

    @Test
    void anEmptyCommandIsAToolError() {
        assertEquals("command is empty; give the bash command to run.",
                fixture.call("bash", "command", " ").content());
    }

    private long pid(String file) throws IOException {
        return Long.parseLong(Files.readString(fixture.workdir().resolve(file)).strip());
    }

    private long awaitPid(String file) {
        return Processes.awaitPidIn(fixture.workdir().resolve(file), Duration.ofSeconds(10));
    }

    private static void awaitDead(long pid) {
        Processes.awaitEnded(pid, Duration.ofSeconds(5));
    }
}
