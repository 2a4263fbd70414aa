package io.portagent.app;

import io.portagent.config.CommandLine;
import io.portagent.config.ConfigReport;
import io.portagent.config.ConfigSource;
import io.portagent.config.ConfigSources;
import io.portagent.config.LauncherContract;
import io.portagent.config.StartupException;
import io.portagent.config.UsageException;
import io.portagent.ops.Diagnose;
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

    /** Runs {@code name} with its arguments; returns the process's exit code (0, or LauncherContract's). */
    public static int run(String name, List<String> args, PrintStream out, PrintStream err) {
        try {
            List<ConfigSource> sources = ConfigSources.layered(List.of(ConfigSource.of("command line",
                    CommandLine.parse(args).values())), System.getenv(), Path.of("").toAbsolutePath());
            Path dataDir = ConfigReport.dataDirectory(sources);
            if (!name.equals("diagnose")) {
                throw new UsageException("Unknown command " + name + ". Run with --help to see the commands.");
            }
            Diagnose.run(dataDir, sources, out);
            return 0;
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
