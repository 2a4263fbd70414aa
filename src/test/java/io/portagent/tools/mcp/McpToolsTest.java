package io.portagent.tools.mcp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.agent.Caller;
import io.portagent.agent.ToolRegistry.ToolContext;
import io.portagent.agent.ToolRegistry.ToolOutcome;
import io.portagent.llm.ToolSpec;
import io.portagent.testing.Await;
import io.portagent.testing.McpReferenceServers;
import io.portagent.testing.McpReferenceServers.HttpEverything;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MCP client against the official reference servers (server-everything over stdio and
 * streamable HTTP, server-filesystem over stdio): tool names, round trips, what a child may see
 * of the server's environment, and the failure cases: a server that cannot start, one that is
 * killed, one that hangs, a stopped turn, and no process left behind.
 */
class McpToolsTest {

    private static final ToolContext CONTEXT = new ToolContext(new Caller("u1", "c1"), "i1", Path.of("/nonexistent"));
    private static final Duration CONNECT = Duration.ofSeconds(30);

    private final List<McpTools> opened = new ArrayList<>();

    @BeforeAll
    static void installed() {
        McpReferenceServers.requireInstalled();
    }

    @AfterEach
    void closeAll() {
        opened.forEach(McpTools::close);
        // a deadline, as a SIGKILL (an interrupted start is killed at once) takes effect a moment later
        await("no reference server process is left running", () -> McpReferenceServers.running().isEmpty());
    }

    private McpTools tools(Duration callTimeout, Map<String, String> serverEnv, McpServerSpec... specs) {
        McpTools tools = new McpTools(List.of(specs), serverEnv, CONNECT, callTimeout);
        opened.add(tools);
        return tools;
    }

    private static McpServerSpec everything(String name) {
        return McpServerSpec.stdio(name, McpReferenceServers.EVERYTHING.toString(), List.of("stdio"), Map.of());
    }

    /** A server that takes five minutes to start: its start holds the server until MCP_CONNECT_TIMEOUT. */
    private static McpServerSpec slowToStart(String name) {
        return McpServerSpec.stdio(name, "sh", List.of("-c", "sleep 300; exec " + McpReferenceServers.EVERYTHING
                + " stdio"), Map.of());
    }

    /** Specs appear once the warm-up has attached the server. */
    private static List<ToolSpec> awaitSpecs(McpTools tools) {
        tools.warmUp();
        return Await.until("the server's tools", CONNECT, () -> tools.specs(CONTEXT), specs -> !specs.isEmpty());
    }

    private static void await(String what, BooleanSupplier condition) {
        Await.until(what, CONNECT, condition);
    }

    /** A tool call on a thread of its own, as a turn's tool thread makes it; the user's Stop is its interrupt. */
    private record Interruptible(Thread thread, CompletableFuture<Object> outcome) {
        static Interruptible call(McpTools tools, String name, String inputJson) {
            CompletableFuture<Object> outcome = new CompletableFuture<>();
            Thread thread = new Thread(() -> {
                try {
                    outcome.complete(tools.call(CONTEXT, name, inputJson));
                } catch (InterruptedException e) {
                    outcome.complete(Thread.currentThread().isInterrupted() ? e : "the interrupt flag was cleared");
                }
            }, "test-tool-caller");
            thread.start();
            return new Interruptible(thread, outcome);
        }

        /** Parked or blocked without a deadline: queued for the server, not yet waiting for an answer. */
        boolean queued() {
            Thread.State state = thread.getState();
            return state == Thread.State.WAITING || state == Thread.State.BLOCKED;
        }

        /** Interrupts the call; it must end within two seconds with InterruptedException and the flag set. */
        void interruptAndExpectPromptEnd() throws Exception {
            long start = System.nanoTime();
            thread.interrupt();
            Object result = outcome.get(5, TimeUnit.SECONDS);
            long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertTrue(result instanceof InterruptedException, "the caller sees the interruption: " + result);
            assertTrue(tookMillis < 2_000, "ended " + tookMillis + " ms after the interrupt");
        }
    }

    private static boolean hasTool(List<ToolSpec> specs, String name) {
        return specs.stream().anyMatch(s -> s.name().equals(name));
    }

    @Test
    void stdioServerToolsAreOfferedWithPrefixedNamesAndAnswer() throws Exception {
        McpTools tools = tools(Duration.ofSeconds(20), System.getenv(), everything("everything"));
        List<ToolSpec> specs = awaitSpecs(tools);
        assertTrue(hasTool(specs, "mcp__everything__echo"), specs.toString());
        assertTrue(hasTool(specs, "mcp__everything__get-sum"), specs.toString());
        ToolSpec echo = specs.stream().filter(s -> s.name().equals("mcp__everything__echo")).findFirst().orElseThrow();
        assertTrue(echo.inputSchemaJson().contains("\"message\""), echo.inputSchemaJson());

        ToolOutcome outcome = tools.call(CONTEXT, "mcp__everything__echo", "{\"message\":\"hello over stdio\"}");
        assertFalse(outcome.isError(), outcome.content());
        assertEquals("Echo: hello over stdio", outcome.content());
        ToolOutcome sum = tools.call(CONTEXT, "mcp__everything__get-sum", "{\"a\":2,\"b\":40}");
        assertTrue(sum.content().contains("42"), sum.content());
    }

    @Test
    void streamableHttpServerAnswersTheSameWay() throws Exception {
        try (HttpEverything server = new HttpEverything()) {
            McpTools tools = tools(Duration.ofSeconds(20), System.getenv(),
                    McpServerSpec.http("web", URI.create(server.url()), Map.of("X-Test", "1")));
            List<ToolSpec> specs = awaitSpecs(tools);
            assertTrue(hasTool(specs, "mcp__web__echo"), specs.toString());
            ToolOutcome outcome = tools.call(CONTEXT, "mcp__web__echo", "{\"message\":\"hello over http\"}");
            assertEquals(new ToolOutcome("Echo: hello over http", false), outcome);
            tools.close();
        }
    }

    @Test
    void filesystemServerReadsOnlyItsAllowedFolder(@TempDir Path dir) throws Exception {
        Path allowed = Files.createDirectories(dir.resolve("shared")).toRealPath();
        Files.writeString(allowed.resolve("notes.txt"), "the quarterly numbers");
        McpTools tools = tools(Duration.ofSeconds(20), System.getenv(), McpServerSpec.stdio("files",
                McpReferenceServers.FILESYSTEM.toString(), List.of(allowed.toString()), Map.of()));
        List<ToolSpec> specs = awaitSpecs(tools);
        assertTrue(hasTool(specs, "mcp__files__read_text_file"), specs.toString());
        ToolOutcome read = tools.call(CONTEXT, "mcp__files__read_text_file",
                "{\"path\":\"" + allowed.resolve("notes.txt") + "\"}");
        assertEquals(new ToolOutcome("the quarterly numbers", false), read);

        ToolOutcome outside = tools.call(CONTEXT, "mcp__files__read_text_file", "{\"path\":\"/etc/hostname\"}");
        assertTrue(outside.isError(), outside.content());
        assertTrue(outside.content().toLowerCase().contains("access denied"), outside.content());
    }

    @Test
    void aChildSeesNoSecretsFromTheServersEnvironment() throws Exception {
        Map<String, String> serverEnv = new HashMap<>(System.getenv());
        serverEnv.put("LLM_PROVIDER_KEY", "sk-ant-api03-must-not-leak");
        serverEnv.put("JWT_SECRET", "jwt-secret-must-not-leak-0123456789");
        McpServerSpec spec = McpServerSpec.stdio("everything", McpReferenceServers.EVERYTHING.toString(),
                List.of("stdio"), Map.of("GIVEN_BY_OPERATOR", "visible"));
        McpTools tools = tools(Duration.ofSeconds(20), serverEnv, spec);
        assertTrue(hasTool(awaitSpecs(tools), "mcp__everything__get-env"));
        ToolOutcome env = tools.call(CONTEXT, "mcp__everything__get-env", "{}");
        assertFalse(env.isError(), env.content());
        assertTrue(env.content().contains("GIVEN_BY_OPERATOR"), env.content());
        assertTrue(env.content().contains("PATH"), env.content());
        assertFalse(env.content().contains("must-not-leak"), env.content());
        assertFalse(env.content().contains("LLM_PROVIDER_KEY"), env.content());
    }

    @Test
    void aServerThatCannotStartGivesAToolErrorNotAnException() throws Exception {
        McpTools tools = tools(Duration.ofSeconds(5), System.getenv(),
                McpServerSpec.stdio("ghost", "/nonexistent/mcp-server", List.of(), Map.of()),
                McpServerSpec.stdio("quitter", "false", List.of(), Map.of()));
        tools.warmUp();
        assertEquals(List.of(), tools.specs(CONTEXT));
        ToolOutcome ghost = tools.call(CONTEXT, "mcp__ghost__anything", "{}");
        assertTrue(ghost.isError());
        assertTrue(ghost.content().contains("not available"), ghost.content());
        long start = System.nanoTime();
        ToolOutcome quitter = tools.call(CONTEXT, "mcp__quitter__anything", "{}");
        assertTrue(quitter.isError());
        assertTrue(quitter.content().contains("not available"), quitter.content());
        assertTrue(quitter.content().contains("exited with code 1"), quitter.content());
        assertTrue(TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start) < 10, "known as soon as it exits");
    }

    @Test
    void aKilledServerIsRestartedOnTheNextCall() throws Exception {
        McpTools tools = tools(Duration.ofSeconds(20), System.getenv(), everything("everything"));
        awaitSpecs(tools);
        assertEquals("Echo: one", tools.call(CONTEXT, "mcp__everything__echo", "{\"message\":\"one\"}").content());
        List<ProcessHandle> before = McpReferenceServers.running();
        assertEquals(1, before.size(), before.toString());
        before.get(0).destroyForcibly();
        before.get(0).onExit().get(10, TimeUnit.SECONDS);

        ToolOutcome after = tools.call(CONTEXT, "mcp__everything__echo", "{\"message\":\"two\"}");
        assertEquals(new ToolOutcome("Echo: two", false), after);
        List<ProcessHandle> now = McpReferenceServers.running();
        assertEquals(1, now.size());
        assertTrue(now.get(0).pid() != before.get(0).pid(), "a new process");
    }

    @Test
    void aCallThatHangsTimesOutAndTheServerStaysUsable() throws Exception {
        McpTools tools = tools(Duration.ofSeconds(2), System.getenv(), everything("everything"));
        assertTrue(hasTool(awaitSpecs(tools), "mcp__everything__trigger-long-running-operation"));
        long start = System.nanoTime();
        ToolOutcome slow = tools.call(CONTEXT, "mcp__everything__trigger-long-running-operation",
                "{\"duration\":30,\"steps\":3}");
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(slow.isError());
        assertTrue(slow.content().contains("no answer within 2 s"), slow.content());
        assertTrue(tookMillis < 10_000, "timed out after " + tookMillis + " ms");
        assertEquals("Echo: still here", tools.call(CONTEXT, "mcp__everything__echo",
                "{\"message\":\"still here\"}").content());
    }

    /** Stop during a call: it ends at once, and the tool thread's interrupt flag is still set. */
    @Test
    void stoppingTheTurnInterruptsAWaitingCall() throws Exception {
        McpTools tools = tools(Duration.ofSeconds(60), System.getenv(), everything("everything"));
        awaitSpecs(tools);
        Interruptible call = Interruptible.call(tools, "mcp__everything__trigger-long-running-operation",
                "{\"duration\":30,\"steps\":3}");
        await("the call waits for its answer", () -> call.thread().getState() == Thread.State.TIMED_WAITING);
        call.interruptAndExpectPromptEnd();
        assertEquals("Echo: after", tools.call(CONTEXT, "mcp__everything__echo", "{\"message\":\"after\"}")
                .content(), "the server stays usable");
    }

    /** Stop while the call waits for another thread's start of the server, which may take MCP_CONNECT_TIMEOUT. */
    @Test
    void stoppingTheTurnEndsACallQueuedBehindAStartInProgress() throws Exception {
        McpTools tools = tools(Duration.ofSeconds(20), System.getenv(), slowToStart("slow"));
        tools.warmUp();
        await("the background start runs the server", () -> !McpReferenceServers.running().isEmpty());
        Interruptible call = Interruptible.call(tools, "mcp__slow__echo", "{\"message\":\"queued\"}");
        await("the call waits for the start", call::queued);
        call.interruptAndExpectPromptEnd();
    }

    /** Shutdown interrupts a start in progress rather than waiting out MCP_CONNECT_TIMEOUT, and stops its process. */
    @Test
    void closingDuringAStartStopsItWithoutWaitingForTheStart() {
        McpTools tools = tools(Duration.ofSeconds(20), System.getenv(), slowToStart("slow"));
        tools.warmUp();
        await("the background start runs the server", () -> !McpReferenceServers.running().isEmpty());
        long start = System.nanoTime();
        tools.close();
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(tookMillis < 10_000, "closed after " + tookMillis + " ms");
        await("the starting server is gone", () -> McpReferenceServers.running().isEmpty());
    }

    @Test
    void closingStopsEveryProcessTheServerStarted() throws Exception {
        // the server leaves a helper running that ignores stdin: only stopping the whole tree ends it
        String helper = "node -e 'setInterval(() => {}, 1000)' " + McpReferenceServers.DIR + "/helper < /dev/null &";
        McpTools tools = tools(Duration.ofSeconds(20), System.getenv(), McpServerSpec.stdio("tree", "sh",
                List.of("-c", helper + " exec " + McpReferenceServers.EVERYTHING + " stdio"), Map.of()));
        assertTrue(hasTool(awaitSpecs(tools), "mcp__tree__echo"));
        assertEquals(2, McpReferenceServers.running().size(), McpReferenceServers.running().toString());
        tools.close();
        assertEquals(List.of(), McpReferenceServers.running());
    }

    /**
     * The stop policy through the shared tree walk: stdin closed, SIGTERM, then SIGKILL for a
     * grandchild of the server (and its parent) that ignore both.
     */
    @Test
    void closingKillsAGrandchildThatIgnoresSigterm(@TempDir Path dir) throws Exception {
        Path pidFile = dir.resolve("grandchild.pid");
        String helper = "sh -c 'trap \"\" TERM; sleep 300 & echo $! > " + pidFile + "; wait' < /dev/null > /dev/null &";
        String started = " while [ ! -s " + pidFile + " ]; do sleep 0.05; done;";
        McpTools tools = tools(Duration.ofSeconds(20), System.getenv(), McpServerSpec.stdio("tree", "sh",
                List.of("-c", helper + started + " exec " + McpReferenceServers.EVERYTHING + " stdio"), Map.of()));
        assertTrue(hasTool(awaitSpecs(tools), "mcp__tree__echo"));
        ProcessHandle sleep = ProcessHandle.of(Long.parseLong(Files.readString(pidFile).strip())).orElseThrow();
        ProcessHandle shell = sleep.parent().orElseThrow();
        List<ProcessHandle> server = McpReferenceServers.running();
        assertEquals(1, server.size(), server.toString());
        assertEquals(server.get(0).pid(), shell.parent().orElseThrow().pid(), "the sleep is the server's grandchild");

        tools.close();
        sleep.onExit().get(10, TimeUnit.SECONDS);
        shell.onExit().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aServerStartedThroughNpxIsStoppedWithItsNodeProcess() throws Exception {
        McpTools tools = tools(Duration.ofSeconds(20), System.getenv(), McpServerSpec.stdio("viaNpx", "npx",
                List.of("--prefix", McpReferenceServers.DIR.toString(), "--no-install", "mcp-server-everything",
                        "stdio"), Map.of()));
        assertTrue(hasTool(awaitSpecs(tools), "mcp__viaNpx__echo"));
        assertEquals("Echo: npx", tools.call(CONTEXT, "mcp__viaNpx__echo", "{\"message\":\"npx\"}").content());
        tools.close();
        assertEquals(List.of(), McpReferenceServers.running());
    }

    @Test
    void aToolErrorFromTheServerReachesTheModelAsASentence() throws Exception {
        McpTools tools = tools(Duration.ofSeconds(20), System.getenv(), everything("everything"));
        awaitSpecs(tools);
        ToolOutcome wrong = tools.call(CONTEXT, "mcp__everything__get-sum", "{\"a\":\"not a number\"}");
        assertTrue(wrong.isError(), wrong.content());
        assertFalse(wrong.content().contains("Exception"), wrong.content());
    }
}
