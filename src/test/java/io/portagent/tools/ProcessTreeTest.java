package io.portagent.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The process-tree walk the shell tool and the MCP stdio transport share, on real processes: a
 * shell whose child shell has a {@code sleep} of its own (a grandchild of the root).
 */
class ProcessTreeTest {

    /** Root sh runs a child sh, which starts a sleep, prints its pid and waits; the root waits for the child. */
    private static final String TREE = "sh -c \"$0\"; :";
    private static final String CHILD = "sleep 300 & echo $!; wait";

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void killLeftovers() {
        started.forEach(p -> p.descendants().forEach(ProcessHandle::destroyForcibly));
        started.forEach(Process::destroyForcibly);
    }

    /** A root, its child and its grandchild; {@code ignoreTerm} makes all three ignore SIGTERM. */
    private record Family(ProcessHandle root, ProcessHandle child, ProcessHandle grandchild) {
        List<ProcessHandle> all() {
            return List.of(root, child, grandchild);
        }
    }

    private Family start(boolean ignoreTerm) throws Exception {
        Process root = new ProcessBuilder("sh", "-c", (ignoreTerm ? "trap '' TERM; " : "") + TREE, CHILD)
                .redirectErrorStream(true).start();
        started.add(root);
        BufferedReader out = new BufferedReader(new InputStreamReader(root.getInputStream(), StandardCharsets.UTF_8));
        String line = CompletableFuture.supplyAsync(() -> {
            try {
                return out.readLine();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }).get(10, TimeUnit.SECONDS);
        ProcessHandle grandchild = ProcessHandle.of(Long.parseLong(line.strip())).orElseThrow();
        ProcessHandle child = grandchild.parent().orElseThrow();
        assertEquals(root.pid(), child.parent().orElseThrow().pid(), "the sleep is the root's grandchild");
        return new Family(root.toHandle(), child, grandchild);
    }

    private static void assertAllEnd(Family family) throws Exception {
        for (ProcessHandle process : family.all()) {
            process.onExit().get(10, TimeUnit.SECONDS);
            assertFalse(process.isAlive(), process.pid() + " still runs");
        }
    }

    @Test
    void listsTheRootFirstAndEveryDescendantDownToTheGrandchild() throws Exception {
        Family family = start(false);
        List<ProcessHandle> listed = ProcessTree.of(family.root()).processes();
        assertEquals(family.root(), listed.get(0));
        assertTrue(listed.containsAll(family.all()), listed.toString());
    }

    @Test
    void killEndsTheRootAndItsGrandchild() throws Exception {
        Family family = start(true);
        ProcessTree.of(family.root()).kill();
        assertAllEnd(family);
    }

    @Test
    void stopEndsATreeThatHeedsSigtermWithinTheGrace() throws Exception {
        Family family = start(false);
        assertTrue(ProcessTree.of(family.root()).stop(Duration.ofSeconds(20)), "ended on SIGTERM");
        assertAllEnd(family);
    }

    @Test
    void stopKillsWhatIgnoresSigtermOnceTheGraceIsOver() throws Exception {
        Family family = start(true);
        long begin = System.nanoTime();
        assertFalse(ProcessTree.of(family.root()).stop(Duration.ofMillis(300)), "SIGTERM was ignored");
        assertAllEnd(family);
        assertTrue(Duration.ofNanos(System.nanoTime() - begin).toSeconds() < 10);
    }

    @Test
    void anInterruptCutsTheGraceShortKillsAtOnceAndStaysVisible() throws Exception {
        Family family = start(true);
        long begin = System.nanoTime();
        Thread.currentThread().interrupt();
        boolean ended = ProcessTree.of(family.root()).stop(Duration.ofMinutes(5));
        boolean flag = Thread.interrupted();
        assertFalse(ended);
        assertTrue(flag, "the interrupt flag is still set");
        assertAllEnd(family);
        assertTrue(Duration.ofNanos(System.nanoTime() - begin).toSeconds() < 10, "did not wait out the grace");
    }
}
