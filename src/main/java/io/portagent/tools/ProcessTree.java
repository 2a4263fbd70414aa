package io.portagent.tools;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * A process and every process below it, listed once when this is made: once a parent is gone
 * its children are re-parented and no longer found under it. The shell tool and the MCP stdio
 * transport stop their children through it, each with its own policy. Works on handles only:
 * {@code Process.destroy} would also close the pipes a reader may still be draining.
 */
public final class ProcessTree {

    private final List<ProcessHandle> processes;

    private ProcessTree(List<ProcessHandle> processes) {
        this.processes = processes;
    }

    /** The root first, then its descendants as they are now. */
    public static ProcessTree of(ProcessHandle root) {
        List<ProcessHandle> all = new ArrayList<>();
        all.add(root);
        root.descendants().forEach(all::add);
        return new ProcessTree(List.copyOf(all));
    }

    public List<ProcessHandle> processes() {
        return processes;
    }

    /** Kills (SIGKILL) every process of the tree still running, the root first so it starts no more. */
    public void kill() {
        alive().forEach(ProcessHandle::destroyForcibly);
    }

    /**
     * Asks every process to terminate (SIGTERM), waits up to {@code grace} for all of them, then
     * kills what is left. An interrupt cuts the wait short (the flag stays set). True when every
     * process ended within the grace.
     */
    public boolean stop(Duration grace) {
        alive().forEach(ProcessHandle::destroy);
        boolean ended = awaitExit(grace);
        if (!ended) {
            kill();
        }
        return ended;
    }

    private boolean awaitExit(Duration timeout) {
        CompletableFuture<?>[] exits = alive().map(ProcessHandle::onExit).toArray(CompletableFuture[]::new);
        try {
            // a timed get, not completeOnTimeout: that starts a JDK-wide thread in our class loader
            CompletableFuture.allOf(exits).get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // whoever interrupted wants it over: the rest is killed at once
            return false;
        } catch (TimeoutException | ExecutionException e) {
            return false; // the grace is over (onExit never fails): the rest is killed
        }
    }

    private Stream<ProcessHandle> alive() {
        return processes.stream().filter(ProcessHandle::isAlive);
    }
}
