package io.portagent.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The server process seen from outside: resident memory and CPU time from {@code /proc/<pid>}
 * (Linux), and heap after a full GC through {@code jcmd} (the process must be a JVM of the same
 * user). Each figure is -1 when it cannot be read (no pid, not Linux, no jcmd).
 */
final class ProcStats {

    /** Linux reports CPU time in clock ticks of 1/100 s on every mainstream architecture. */
    private static final double TICKS_PER_SECOND = 100.0;
    private static final Pattern USED = Pattern.compile("total \\d+K, used (\\d+)K");

    private final long pid;

    ProcStats(long pid) {
        this.pid = pid;
    }

    boolean available() {
        return pid > 0 && Files.isReadable(Path.of("/proc", String.valueOf(pid), "status"));
    }

    /** Resident set size now, in MiB. */
    double rssMb() {
        return statusKb("VmRSS:") / 1024.0;
    }

    /** CPU seconds (user + system) the process has used since it started. */
    double cpuSeconds() {
        long[] ticks = cpuTicks();
        return ticks == null ? -1 : (ticks[0] + ticks[1]) / TICKS_PER_SECOND;
    }

    /** The part of that in the kernel (system calls, the network stack): where a relay's cost goes. */
    double systemCpuSeconds() {
        long[] ticks = cpuTicks();
        return ticks == null ? -1 : ticks[1] / TICKS_PER_SECOND;
    }

    /** User and system clock ticks, or null. */
    private long[] cpuTicks() {
        if (!available()) {
            return null;
        }
        try {
            String stat = Files.readString(Path.of("/proc", String.valueOf(pid), "stat"), StandardCharsets.US_ASCII);
            String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // after "pid (comm) ": state is field 0, utime field 11, stime field 12
            return new long[] {Long.parseLong(fields[11]), Long.parseLong(fields[12])};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * Runs a full GC in the server and returns the heap then in use, in MiB: the live set. The
     * GC pauses the server, so callers sample when no measured turn is in flight.
     */
    double heapAfterGcMb() {
        if (pid <= 0) {
            return -1;
        }
        if (jcmd("GC.run") == null) {
            return -1;
        }
        String info = jcmd("GC.heap_info");
        if (info == null) {
            return -1;
        }
        long usedKb = 0;
        for (String line : info.split("\n")) {
            Matcher matcher = USED.matcher(line);
            if (!line.contains("Metaspace") && !line.contains("class space") && matcher.find()) {
                usedKb += Long.parseLong(matcher.group(1));
            }
        }
        return usedKb / 1024.0;
    }

    private long statusKb(String field) {
        if (!available()) {
            return -1;
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
                if (line.startsWith(field)) {
                    return Long.parseLong(line.substring(field.length()).replace("kB", "").trim());
                }
            }
        } catch (IOException | RuntimeException e) {
            return -1;
        }
        return -1;
    }

    private String jcmd(String command) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process process = new ProcessBuilder(jcmd.toString(), String.valueOf(pid), command)
                    .redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                return null;
            }
            return output;
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
