package io.portagent.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Nothing a client writes into {@code X-Forwarded-For} is ever looked up in DNS. Proved in a
 * child JVM whose only name service is a hosts file ({@code -Djdk.net.hosts.file}) mapping the
 * test's names to 127.0.0.1, a trusted proxy: a name that was resolved would be skipped as a
 * proxy hop, and the hop before it ({@code 198.51.100.1}) would be answered instead.
 */
class ClientAddressDnsTest {

    @TempDir
    Path dir;

    @Test
    void hostNamesInTheHeaderAreNeverResolved() throws Exception {
        assertEquals(List.of("evil.example.com -> evil.example.com", "proxy.internal -> proxy.internal"),
                probe("evil.example.com", "proxy.internal"));
    }

    @Test
    void addressLookalikesWithOctetsOver255AreNeverResolved() throws Exception {
        assertEquals(List.of("999.1.1.1 -> 999.1.1.1", "256.0.0.1 -> 256.0.0.1"), probe("999.1.1.1", "256.0.0.1"));
    }

    private List<String> probe(String... names) throws IOException, InterruptedException {
        Path hosts = dir.resolve("hosts");
        Files.writeString(hosts, "127.0.0.1 " + String.join(" ", names) + "\n");
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java")
                .toString(), "-Djdk.net.hosts.file=" + hosts, "-cp", classPath(), ClientAddressProbe.class.getName()));
        command.addAll(List.of(names));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the probe JVM did not finish");
        }
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertEquals(0, process.exitValue(), out);
        return out.lines().toList();
    }

    private static String classPath() {
        return System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
    }
}
