package io.portagent.app;

import io.portagent.config.CommandLine;
import io.portagent.config.ConfigReport;
import io.portagent.config.ConfigSource;
import io.portagent.config.ConfigSources;
import io.portagent.config.LauncherContract;
import io.portagent.config.StartupException;
import io.portagent.config.UsageException;
import io.portagent.ops.Diagnose;
import io.portagent.ops.MigrateArgs;
import io.portagent.ops.MigrateCommand;
import io.portagent.ops.UsersArgs;
import io.portagent.ops.UsersCommand;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * The maintenance commands that need the application's own classes, for
 * {@code java -jar portagent.war <command>}: the launcher loads this class from the WAR and calls
 * {@link #run}. They read the service's settings (flags, environment, env files) without
 * requiring an API key, and they do not start the service.
 */
public final class Commands {

    private Commands() {
    }

    private static int diagnose(List<String> args, PrintStream out) throws IOException {
        List<ConfigSource> sources = sources(args);
        Diagnose.run(ConfigReport.dataDirectory(sources), sources, out);
        return 0;
    }

    private static int users(List<String> args, PrintStream out, PrintStream err) {
        UsersArgs parsed = UsersArgs.parse(args);
        return UsersCommand.run(parsed, sources(parsed.configArgs()), out, err);
    }

    private static int migrate(List<String> args, PrintStream out, PrintStream err) {
        MigrateArgs parsed = MigrateArgs.parse(args);
        return MigrateCommand.run(parsed, ConfigReport.dataDirectory(sources(parsed.configArgs())), out, err);
    }

    /** The service's configuration sources, with these command-line options first. */
    private static List<ConfigSource> sources(List<String> options) {
        return ConfigSources.layered(List.of(ConfigSource.of("command line", CommandLine.parse(options).values())),
                System.getenv(), Path.of("").toAbsolutePath());
    }

    /** Runs {@code name} with its arguments; returns the process's exit code (0, or LauncherContract's). */
    public static int run(String name, List<String> args, PrintStream out, PrintStream err) {
        try {
            return switch (name) {
                case "diagnose" -> diagnose(args, out);
                case "users" -> users(args, out, err);
                case "migrate" -> migrate(args, out, err);
                default -> throw new UsageException("Unknown command " + name + ". Run with --help to see the"
                        + " commands.");
            };
        } catch (UsageException e) {
            err.println("Error: " + e.getMessage());
            return LauncherContract.USAGE;
        } catch (StartupException e) {
            err.println(e.display());
            return LauncherContract.FAILED;
        } catch (IOException e) {
            err.println("Error: " + name + " failed: " + e.getMessage());
            return LauncherContract.FAILED;
        }
    }
}
