package io.portagent.testing;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A throwaway PostgreSQL cluster from Debian's {@code postgresql} package: {@code initdb} and
 * {@code pg_ctl} under {@code target/}, on a free loopback port, never the system's instance.
 * One cluster per test JVM, started on first use and stopped when the JVM exits; each test asks
 * for a {@link #newDatabase fresh database}. As root (CI), the server runs as the {@code postgres}
 * OS user, as PostgreSQL insists. The superuser {@code portagent_test} signs in with a password
 * over TCP (scram-sha-256), so a wrong password is refused as it would be in production.
 */
public final class PostgresServer implements AutoCloseable {

    public static final String USER = "portagent_test";
    public static final String PASSWORD = "test-secret-pw";
    private static PostgresServer shared;

    private final Path dir;
    private final Path bin;
    private final int port;

    private PostgresServer(Path dir, Path bin, int port) {
        this.dir = dir;
        this.bin = bin;
        this.port = port;
    }

    /** The JVM's cluster, started on first use. */
    public static synchronized PostgresServer shared() {
        if (shared == null) {
            shared = start(Path.of("target", "postgres-" + ProcessHandle.current().pid()).toAbsolutePath());
            Runtime.getRuntime().addShutdownHook(new Thread(shared::stop, "postgres-stop"));
        }
        return shared;
    }

    /**
     * A cluster of the test's own under {@code dir} (to stop and start it), stopped by {@link #close()};
     * {@code dir} must be one the {@code postgres} user can reach (under target/, not a private temp dir).
     */
    public static PostgresServer own(Path dir) {
        return start(dir.toAbsolutePath());
    }

    /** Stops a cluster made by {@link #own}. */
    public void close() {
        stop();
    }

    /** Whether Debian's PostgreSQL server binaries are installed (the tests that need them say so when not). */
    public static boolean installed() {
        return binaries() != null;
    }

    private static Path binaries() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return null;
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin")).filter(b -> Files.isExecutable(b.resolve("pg_ctl")))
                    .max(Comparator.comparing(p -> Integer.parseInt(p.getParent().getFileName().toString()
                            .replaceAll("\\D", "0")))).orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    private static PostgresServer start(Path dir) {
        Path bin = binaries();
        if (bin == null) {
            throw new AssertionError("PostgreSQL's server is needed for this test: apt-get install postgresql");
        }
        try {
            Files.createDirectories(dir);
            Path data = dir.resolve("data");
            Path pwfile = dir.resolve("pwfile");
            Files.writeString(pwfile, PASSWORD + "\n");
            if (asRoot()) {
                run(List.of("chown", "-R", "postgres:postgres", dir.toString()), 30);
            }
            run(command(bin.resolve("initdb"), "-D", data.toString(), "-U", USER, "--pwfile=" + pwfile,
                    "--auth-local=trust", "--auth-host=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8"), 120);
            int port = freePort();
            run(command(bin.resolve("pg_ctl"), "-D", data.toString(), "-l", dir.resolve("server.log").toString(),
                    "-w", "-t", "60", "-o", "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1"
                            + " -c fsync=off -c max_connections=300 -c shared_buffers=64MB", "start"), 90);
            return new PostgresServer(dir, bin, port);
        } catch (IOException e) {
            throw new AssertionError("cannot start PostgreSQL under " + dir + ": " + e.getMessage(), e);
        }
    }

    public int port() {
        return port;
    }

    /** A new, empty database owned by the test superuser; its {@code postgresql://} URL. */
    public String newDatabase() {
        String name = "t_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        execute("postgres", "CREATE DATABASE " + name);
        return url(name);
    }

    /** {@code postgresql://user:password@127.0.0.1:port/name}, the form DATABASE_URL takes. */
    public String url(String database) {
        return "postgresql://" + USER + ":" + PASSWORD + "@127.0.0.1:" + port + "/" + database;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** Runs SQL as the superuser in {@code database}. */
    public void execute(String database, String sql) {
        try (Connection c = connect(database); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new AssertionError(sql + ": " + e.getMessage(), e);
        }
    }

    /**
     * A connection as the superuser, from the driver itself: an embedded Tomcat's undeploy in the
     * same JVM deregisters the driver from DriverManager (its JDBC leak prevention).
     */
    public Connection connect(String database) throws SQLException {
        java.util.Properties credentials = new java.util.Properties();
        credentials.setProperty("user", USER);
        credentials.setProperty("password", PASSWORD);
        return new org.postgresql.Driver().connect(jdbcUrl(database), credentials);
    }

    /** The database name in a URL this server handed out. */
    public static String databaseOf(String url) {
        return url.substring(url.lastIndexOf('/') + 1);
    }

    /** Stops the server at once (as a crash would, for the tests of a lost database). */
    public void stopFast() {
        run(command(bin.resolve("pg_ctl"), "-D", dir.resolve("data").toString(), "-m", "immediate", "-w", "stop"), 60);
    }

    /** Starts it again on the same port after {@link #stopFast}. */
    public void restart() {
        run(command(bin.resolve("pg_ctl"), "-D", dir.resolve("data").toString(), "-l",
                dir.resolve("server.log").toString(), "-w", "-t", "60", "-o", "-p " + port + " -k " + dir
                        + " -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=300 -c shared_buffers=64MB",
                "start"), 90);
    }

    private void stop() {
        try {
            run(command(bin.resolve("pg_ctl"), "-D", dir.resolve("data").toString(), "-m", "fast", "-w", "stop"), 60);
        } catch (AssertionError e) {
            System.err.println("stopping the test PostgreSQL: " + e.getMessage());
        }
    }

    private static boolean asRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    private static List<String> command(Path program, String... args) {
        List<String> command = new ArrayList<>();
        if (asRoot()) {
            command.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        command.add(program.toString());
        command.addAll(List.of(args));
        return command;
    }

    private static void run(List<String> command, int seconds) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] out = process.getInputStream().readAllBytes();
            if (!process.waitFor(seconds, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish in " + seconds + " s");
            }
            if (process.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed:\n"
                        + new String(out, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new AssertionError(String.join(" ", command) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted: " + command, e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
