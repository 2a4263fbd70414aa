package io.portagent.launcher;

import io.portagent.config.CommandLine;
import io.portagent.config.ConfigReport;
import io.portagent.config.ConfigSource;
import io.portagent.config.ConfigSources;
import io.portagent.config.StartupException;
import io.portagent.config.UsageException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The launcher's own maintenance commands: {@code backup} and {@code restore}. They read the same
 * settings as the service (flags, environment, env files) but need no API key, and they run
 * without the application's classes: copying SQLite files needs only the driver.
 */
final class OpsCommand {

    static final Set<String> NAMES = Set.of("backup", "restore");

    private OpsCommand() {
    }

    static int run(String name, List<String> args, Path war, PrintStream out, PrintStream err) {
        try {
            Map<String, String> options = options(args);
            String outDir = options.remove("--out");
            String from = options.remove("--from");
            String stamp = options.remove("--stamp");
            int keep = Integer.parseInt(options.getOrDefault("--keep", "7"));
            options.remove("--keep");
            CommandLine line = CommandLine.parse(flatten(options));
            List<ConfigSource> sources = ConfigSources.layered(List.of(ConfigSource.of("command line", line.values())),
                    System.getenv(), Path.of("").toAbsolutePath());
            Path dataDir = ConfigReport.dataDirectory(sources);
            SqliteDriver sqlite = SqliteDriver.load(war);
            if (name.equals("backup")) {
                Backup.run(dataDir, require(outDir, "--out", "/var/backups/portagent"), keep, sqlite, out);
            } else {
                Restore.run(dataDir, require(from, "--from", "/var/backups/portagent"), stamp, sqlite, out);
            }
            return 0;
        } catch (UsageException | NumberFormatException e) {
            err.println("Error: " + e.getMessage() + "\n" + usage());
            return Main.USAGE;
        } catch (StartupException e) {
            err.println(e.display());
            return Main.STARTUP_FAILED;
        } catch (IOException | SQLException e) {
            err.println("Error: " + name + " failed: " + e.getMessage());
            return Main.STARTUP_FAILED;
        }
    }

    private static Path require(String value, String flag, String example) {
        if (value == null) {
            throw new UsageException(flag + " is required, e.g. " + flag + " " + example + ".");
        }
        return Path.of(value).toAbsolutePath();
    }

    /** Options as flag → value (every option of these commands takes a value). */
    private static Map<String, String> options(List<String> args) {
        Map<String, String> options = new HashMap<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            int eq = arg.indexOf('=');
            if (arg.startsWith("--") && eq > 0) {
                options.put(arg.substring(0, eq), arg.substring(eq + 1));
            } else if (i + 1 < args.size()) {
                options.put(arg, args.get(++i));
            } else {
                throw new UsageException("Option " + arg + " needs a value.");
            }
        }
        return options;
    }

    private static List<String> flatten(Map<String, String> options) {
        return options.entrySet().stream().flatMap(e -> java.util.stream.Stream.of(e.getKey(), e.getValue())).toList();
    }

    static String usage() {
        return """
                Maintenance commands (the service's own settings apply: --data-dir, AGENTX_DIR, -e FILE, .env):
                  java -jar portagent.war backup   --data-dir DIR --out BACKUP_DIR [--keep 7]
                      consistent copy of both databases, safe while the service runs
                  java -jar portagent.war restore  --data-dir DIR --from BACKUP_DIR [--stamp STAMP]
                      with the service stopped; the latest backup unless --stamp names one
                  java -jar portagent.war diagnose [--data-dir DIR]
                      version, Java, OS, disk, databases, logs, configuration (secrets masked)
                  java -jar portagent.war users list|create|promote|demote|disable|enable|reset-password|delete [NAME]
                      accounts, with the service running or stopped (java -jar portagent.war users, for the details)
                  java -jar portagent.war migrate  --data-dir DIR --to postgresql://USER:PASSWORD@HOST:5432/DB [--force]
                      with the service stopped: copies both SQLite databases into PostgreSQL and checks the counts
                """;
    }
}
