package io.portagent.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * Child processes of tests: started with the environment the test gives and nothing else, and
 * those the code under test started (a shell command's background job) followed by pid.
 */
public final class Processes {

    private Processes() {
    }

    /** Gives {@code builder} exactly {@code env}, plus PATH and HOME: nothing else of this machine's leaks in. */
    public static ProcessBuilder withOnly(Map<String, String> env, ProcessBuilder builder) {
        Map<String, String> environment = builder.environment();
        String path = environment.get("PATH");
        String home = environment.get("HOME");
        environment.clear();
        environment.put("PATH", path);
        environment.put("HOME", home);
        environment.putAll(env);
        return builder;
    }

    /** Waits until {@code file} holds a pid, as a command's {@code echo $! > file} writes it, and returns it. */
    public static long awaitPidIn(Path file, Duration timeout) {
        return Long.parseLong(Await.until("a pid in " + file, timeout, () -> contentOf(file), text -> !text.isBlank())
                .strip());
    }

    /** Waits until the process has ended; a zombie that only awaits its reaper counts as ended. */
    public static void awaitEnded(long pid, Duration timeout) {
        Await.until("process " + pid + " to end", timeout, () -> state(pid), state -> !state.equals("running"));
    }

    /** {@code running}, {@code zombie} or {@code gone}, as /proc tells. */
    public static String state(long pid) {
        if (!ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
            return "gone";
        }
        try {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).startsWith("Z") ? "zombie" : "running";
        } catch (IOException e) {
            return "gone"; // it ended between the two looks
        }
    }

    private static String contentOf(Path file) {
        try {
            return Files.readString(file);
        } catch (NoSuchFileException notYet) {
            return "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
