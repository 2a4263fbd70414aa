package io.portagent.tools;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One running {@code bash -c}: its combined output, read by a thread of its own into a capped
 * buffer (the rest is drained and counted, so the command never blocks on a full pipe), and
 * the kill of its whole process tree. Where {@code setsid} exists the command gets a process
 * group of its own, so background jobs that outlive bash are killed too. (A process that starts
 * a session of its own escapes both; the reader thread then ends when that process does.)
 */
final class ShellProcess {

    private static final Logger LOG = LoggerFactory.getLogger(ShellProcess.class);
    private static final AtomicInteger READERS = new AtomicInteger();
    private static final long READER_GRACE_MILLIS = 1_000;
    static final String SETSID = find("setsid");
    private static final String KILL = java.util.Objects.requireNonNullElse(find("kill"), "kill");

    private final Process process;
    private final boolean ownGroup;
    private final ByteArrayOutputStream kept = new ByteArrayOutputStream();
    private final int cap;
    private final CountDownLatch drained = new CountDownLatch(1);
    private long dropped;

    private ShellProcess(Process process, boolean ownGroup, int cap) {
        this.process = process;
        this.ownGroup = ownGroup;
        this.cap = cap;
    }

    static ShellProcess start(ProcessBuilder builder, int outputCap) throws IOException {
        boolean ownGroup = SETSID != null;
        if (ownGroup) {
            builder.command().add(0, SETSID);
        }
        ShellProcess shell = new ShellProcess(builder.redirectErrorStream(true).start(), ownGroup, outputCap);
        shell.process.getOutputStream().close(); // no stdin: a command that reads it sees end of input
        Thread reader = new Thread(shell::drain, "portagent-bash-output-" + READERS.incrementAndGet());
        reader.setDaemon(true);
        reader.start();
        return shell;
    }

    long pid() {
        return process.pid();
    }

    /** Waits for bash to exit; false on timeout. An interrupt kills the tree and is rethrown. */
    boolean await(long nanos) throws InterruptedException {
        try {
            return process.waitFor(nanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            kill();
            throw e;
        }
    }

    int exitCode() {
        return process.exitValue();
    }

    /** The output so far, and a note when some was left out. Waits briefly for the reader to finish. */
    String output() throws InterruptedException {
        if (!drained.await(READER_GRACE_MILLIS, TimeUnit.MILLISECONDS)) {
            closeQuietly(process.getInputStream()); // a grandchild that escaped still holds the pipe
        }
        synchronized (this) {
            String text = kept.toString(StandardCharsets.UTF_8);
            return dropped == 0 ? text
                    : text + "\n[Output cut at " + cap + " bytes; " + dropped + " more bytes were left out.]";
        }
    }

    /**
     * Kills bash and everything it started that is still below it, at once: a command past its
     * time gets no grace. With setsid, the process group too, which also reaches background jobs
     * whose parent has exited.
     */
    void kill() {
        ProcessTree.of(process.toHandle()).kill();
        if (ownGroup) {
            killGroup(process.pid());
        }
    }

    private void drain() {
        byte[] buffer = new byte[8192];
        try (InputStream in = process.getInputStream()) {
            int n;
            while ((n = in.read(buffer)) != -1) {
                keep(buffer, n);
            }
        } catch (IOException e) {
            // expected when output() closes a pipe an escaped grandchild holds; what was read is kept
            LOG.debug("bash output closed: {}", e.toString());
        } finally {
            drained.countDown();
        }
    }

    private synchronized void keep(byte[] buffer, int n) {
        int room = Math.max(0, cap - kept.size());
        kept.write(buffer, 0, Math.min(room, n));
        dropped += Math.max(0, n - room);
    }

    private static void killGroup(long pgid) {
        try {
            new ProcessBuilder(KILL, "-KILL", "--", "-" + pgid).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            LOG.warn("Could not kill the process group of bash {}: {}", pgid, e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // the reader ends either way; nothing for an operator to do
            LOG.debug("closing bash output: {}", e.toString());
        }
    }

    private static String find(String command) {
        for (String dir : List.of("/usr/bin", "/bin", "/usr/local/bin")) {
            Path candidate = Path.of(dir, command);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        return null;
    }
}
