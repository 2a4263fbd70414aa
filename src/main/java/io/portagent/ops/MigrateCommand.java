package io.portagent.ops;

import io.portagent.config.LauncherContract;
import io.portagent.config.StartupException;
import io.portagent.store.DataSourceChoice;
import io.portagent.store.DataSources;
import io.portagent.auth.TokenSecrets;
import io.portagent.store.Database;
import io.portagent.store.InstanceLock;
import io.portagent.store.PostgresCopy;
import io.portagent.store.Schema;
import io.portagent.store.Schemas;
import io.portagent.store.SqliteSource;
import io.portagent.store.StoreException;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * {@code java -jar portagent.war migrate --to postgresql://...}: moves a stopped SQLite
 * installation (both databases) into PostgreSQL. It holds the data directory's lock while it
 * copies, so the service cannot start meanwhile; it only reads the SQLite files; it refuses a
 * target that already holds rows unless told to replace them; and it proves the copy by counting
 * the rows of every table on both sides.
 */
public final class MigrateCommand {

    private MigrateCommand() {
    }

    /** Copies the installation of {@code dataDir}; 0 when every table's count matches, else 1. */
    public static int run(MigrateArgs args, Path dataDir, PrintStream out, PrintStream err) {
        Path data = dataDir.resolve("data");
        if (!Files.isRegularFile(data.resolve("portagent.db"))) {
            throw new StartupException("No Portagent database at " + data.resolve("portagent.db") + ". Point"
                    + " --data-dir (or AGENTX_DIR) at the data directory of the installation to move.");
        }
        Logging.configureCommand(dataDir.resolve("logs"));
        try (InstanceLock lock = stopped(data);
             SqliteSource users = SqliteSource.open(data.resolve("portagent.db"), Schemas.PORTAGENT);
             SqliteSource agents = SqliteSource.open(data.resolve("agentx.db"), Schemas.AGENTX);
             Database usersTarget = target(args, "portagent.db", Schemas.PORTAGENT);
             Database agentsTarget = target(args, "agentx.db", Schemas.AGENTX)) {
            out.println("Copying " + data + " into " + args.to() + ".");
            PostgresCopy usersCopy = new PostgresCopy(usersTarget);
            PostgresCopy agentsCopy = new PostgresCopy(agentsTarget);
            if (!args.force()) {
                refuseIfOccupied(args, usersCopy.rows(users.tables()), agentsCopy.rows(agents.tables()));
            }
            List<PostgresCopy.Count> counts = new ArrayList<>(usersCopy.copy(users, args.force()));
            counts.addAll(agentsCopy.copy(agents, args.force()));
            boolean secretShared = TokenSecrets.shareGenerated(data.resolve("jwt.secret"), usersTarget);
            return report(counts, args, dataDir, secretShared, out, err);
        } catch (StoreException | SQLException e) {
            err.println("Error: migrate failed: " + firstLine(e.getMessage()) + " Nothing of that database was"
                    + " written; fix the cause and run migrate again (with --force if the other one was copied).");
            return LauncherContract.FAILED;
        } catch (IOException e) {
            err.println("Error: migrate could not release the data directory's lock: " + e.getMessage());
            return LauncherContract.FAILED;
        } finally {
            Logging.stop();
        }
    }

    /** The data directory's lock, held while copying; a running service holds it already. */
    private static InstanceLock stopped(Path data) {
        try {
            return InstanceLock.acquire(data);
        } catch (StartupException e) {
            throw new StartupException("The service is running on " + data.getParent() + " (" + owner(data)
                    + "). Stop it first (systemctl stop portagent, or Ctrl-C), so that the copy is complete, then"
                    + " run migrate again.");
        }
    }

    private static String owner(Path data) {
        try {
            return Files.readString(data.resolve("portagent.lock")).strip();
        } catch (IOException e) {
            return "owner unknown";
        }
    }

    private static Database target(MigrateArgs args, String name, Schema schema) {
        DataSourceChoice pool = DataSources.forUrl(args.to(), name);
        return Database.open(name, new DataSourceChoice(pool.dataSource(), pool.file(), args.to() + " (--to)", true),
                schema);
    }

    private static void refuseIfOccupied(MigrateArgs args, Map<String, Long> users, Map<String, Long> agents) {
        List<String> held = new ArrayList<>();
        for (Map<String, Long> counts : List.of(users, agents)) {
            counts.forEach((table, rows) -> {
                if (rows > 0) {
                    held.add(rows + " " + table);
                }
            });
        }
        if (!held.isEmpty()) {
            throw new StartupException("The target " + args.to() + " already holds " + String.join(", ", held)
                    + "; add --force to replace them with this installation's.");
        }
    }

    private static int report(List<PostgresCopy.Count> counts, MigrateArgs args, Path dataDir, boolean secretShared,
            PrintStream out, PrintStream err) {
        out.println(String.format("%-14s %-16s %10s %10s", "database", "table", "SQLite", "PostgreSQL"));
        counts.forEach(c -> out.println(String.format("%-14s %-16s %10d %10d%s", c.database(), c.table(), c.source(),
                c.target(), c.matches() ? "" : "  MISMATCH")));
        String mismatched = counts.stream().filter(c -> !c.matches()).map(c -> c.database() + " " + c.table())
                .collect(Collectors.joining(", "));
        if (!mismatched.isEmpty()) {
            err.println("Error: the row counts differ for " + mismatched + ". Do not switch to PostgreSQL; run migrate"
                    + " again with --force, and report it if it repeats.");
            return LauncherContract.FAILED;
        }
        long rows = counts.stream().mapToLong(PostgresCopy.Count::source).sum();
        out.println("Copied " + rows + " rows in " + counts.size() + " tables; every count matches.");
        out.println(String.join("\n",
                "Next:",
                "  1. Set DATABASE_URL on every node to " + args.to() + " (with its password),",
                "     in the service's environment file or unit, or start it with --database-url.",
                "  2. Workspace files stay on disk in " + dataDir.resolve("containers") + ": each node's",
                "     AGENTX_DIR/containers must hold them. Move them there, or, with several nodes, mount one",
                "     shared folder (NFS) at that path on every node.",
                "  3. " + (secretShared ? "The secret this installation generated (data/jwt.secret) is now the\n"
                        + "     nodes' shared one: sign-ins survive on nodes without JWT_SECRET."
                        : "Give every node the JWT_SECRET this installation had, or everyone signs in again."),
                "  4. The SQLite files were only read: keep them as the backup of this moment."));
        return 0;
    }

    private static String firstLine(String message) {
        String text = String.valueOf(message).strip();
        int newline = text.indexOf('\n');
        return newline < 0 ? text : text.substring(0, newline);
    }
}
