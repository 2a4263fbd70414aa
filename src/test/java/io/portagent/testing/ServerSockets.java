package io.portagent.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The TCP connections a server process holds open on its port, read from {@code /proc/net/tcp}
 * and {@code tcp6}: every socket whose local port is the server's and that still belongs to a
 * file descriptor (a socket the process closed may linger in the kernel, with inode 0, until its
 * unsent data is gone; it holds no file handle).
 */
public final class ServerSockets {

    private static final String LISTEN = "0A";

    private ServerSockets() {
    }

    /** Sockets on {@code port} (listening one excluded) that still have a file descriptor. */
    public static int held(int port) {
        return count("/proc/net/tcp", port) + count("/proc/net/tcp6", port);
    }

    /** The TCP states (hex, as the kernel writes them) of the sockets {@link #held} counts, with how many of each. */
    public static java.util.Map<String, Long> states(int port) {
        java.util.Map<String, Long> states = new java.util.TreeMap<>();
        for (String table : new String[] {"/proc/net/tcp", "/proc/net/tcp6"}) {
            rows(table, port).forEach(f -> states.merge(f[3], 1L, Long::sum));
        }
        return states;
    }

    private static java.util.stream.Stream<String[]> rows(String table, int port) {
        Path file = Path.of(table);
        if (!Files.exists(file)) {
            return java.util.stream.Stream.empty();
        }
        String hexPort = String.format(Locale.ROOT, ":%04X", port);
        try {
            return Files.readAllLines(file).stream().skip(1).map(String::trim).map(l -> l.split("\\s+"))
                    .filter(f -> f.length > 9 && f[1].endsWith(hexPort) && !LISTEN.equals(f[3]) && !"0".equals(f[9]));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int count(String table, int port) {
        return (int) rows(table, port).count();
    }
}
