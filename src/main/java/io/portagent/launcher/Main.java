package io.portagent.launcher;

import io.portagent.config.CommandLine;
import io.portagent.config.ConfigSource;
import io.portagent.config.ConfigSources;
import io.portagent.config.LauncherContract;
import io.portagent.config.Settings;
import io.portagent.config.StartupException;
import io.portagent.config.UsageException;
import io.portagent.config.Version;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code java -jar portagent.war [options]}: parses the options, stops with a sentence on an
 * operator error (missing key, port taken, bad value), then runs the WAR in an embedded Tomcat.
 * Exit codes: 0 after a clean shutdown, 1 when start-up fails, 2 for a bad command line.
 */
public final class Main {

    static final int STARTUP_FAILED = LauncherContract.FAILED;
    static final int USAGE = LauncherContract.USAGE;

    private Main() {
    }

    public static void main(String[] args) {
        int code = run(args, System.out, System.err);
        if (code != 0) {
            System.exit(code);
        }
    }

    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length > 0 && OpsCommand.NAMES.contains(args[0])) {
            return OpsCommand.run(args[0], Arrays.asList(args).subList(1, args.length), warFile(), out, err);
        }
        if (args.length > 0 && args[0].equals(ClassArchive.NAME)) {
            return ClassArchive.run(Arrays.asList(args).subList(1, args.length), warFile(), out, err);
        }
        if (args.length > 0 && LauncherContract.APP_COMMANDS.contains(args[0])) {
            return AppCommands.run(warFile(), args[0], Arrays.asList(args).subList(1, args.length), out, err);
        }
        try {
            CommandLine line = CommandLine.parse(Arrays.asList(args));
            if (line.help()) {
                out.print(CommandLine.usage());
                out.print("\n" + OpsCommand.usage());
                out.print(ClassArchive.usage());
                return 0;
            }
            if (line.version()) {
                out.println("portagent " + Version.current());
                return 0;
            }
            Settings settings = Settings.resolve(ConfigSources.layered(
                    List.of(ConfigSource.of("command line", line.values())), System.getenv(), Path.of("").toAbsolutePath()));
            checkPortFree(settings.port());
            return start(warFile(), settings.port(), line.values(), out, err);
        } catch (UsageException e) {
            err.println("Error: " + e.getMessage());
            return USAGE;
        } catch (StartupException e) {
            err.println(e.display());
            return STARTUP_FAILED;
        }
    }

    /** Fails before Tomcat starts, with the fix, when the port is taken. */
    static void checkPortFree(int port) {
        if (port == 0) {
            return;
        }
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(port));
        } catch (BindException e) {
            throw portInUse(port);
        } catch (IOException e) {
            throw new StartupException("Cannot listen on port " + port + ": " + e.getMessage()
                    + ". Choose another port with --port <n> or PORT=<n>.");
        }
    }

    static StartupException portInUse(int port) {
        String fix = nextFreePort(port).map(free -> "start Portagent on a free port: --port " + free
                + " (or PORT=" + free + ")").orElse("start Portagent on another port with --port <n> (or PORT=<n>)");
        return new StartupException("Port " + port + " is already in use (find the process with `lsof -i :" + port
                + "`). Stop that process, or " + fix + ".");
    }

    /** The first of the next 20 ports that can be bound right now, to suggest in the error. */
    static java.util.Optional<Integer> nextFreePort(int port) {
        for (int candidate = port + 1; candidate <= Math.min(65535, port + 20); candidate++) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(candidate));
                return java.util.Optional.of(candidate);
            } catch (IOException e) {
                // taken too: try the next one
            }
        }
        return java.util.Optional.empty();
    }

    /**
     * Runs {@link EmbeddedTomcat} on the unpacked WAR ({@link UnpackedWar}), in a class loader that
     * sees the bundled Tomcat jars; it reports its own errors.
     */
    private static int start(Path war, int port, Map<String, String> cli, PrintStream out, PrintStream err) {
        try {
            Path unpacked = UnpackedWar.prepare(war, System.getenv(), out);
            ClassLoader tomcat = LauncherClassLoader.create(unpacked);
            Class<?> server = Class.forName("io.portagent.launcher.EmbeddedTomcat", true, tomcat);
            return (Integer) server.getMethod("run", Path.class, int.class, Map.class).invoke(null, unpacked, port, cli);
        } catch (InvocationTargetException e) {
            err.println("Error: the embedded server failed: " + e.getCause());
            return STARTUP_FAILED;
        } catch (ReflectiveOperationException | IOException e) {
            err.println("Error: cannot start the embedded server from " + war + ": " + e);
            return STARTUP_FAILED;
        }
    }

    private static Path warFile() {
        try {
            return Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new StartupException("Cannot locate the WAR file this launcher runs from: " + e.getMessage());
        }
    }
}
