package io.portagent.ops;

import io.portagent.config.ConfigKey;
import io.portagent.config.DatabaseUrl;
import io.portagent.config.UsageException;
import java.util.ArrayList;
import java.util.List;

/**
 * The arguments of {@code migrate --to URL [--force]}: the PostgreSQL database to fill, whether
 * to replace what it holds, and the rest, which are the service's configuration options
 * ({@code --data-dir}, {@code --env-file}...) naming the installation to copy.
 */
public record MigrateArgs(DatabaseUrl to, boolean force, List<String> configArgs) {

    public static final String USAGE = String.join("\n",
            "Usage: java -jar portagent.war migrate --to postgresql://USER:PASSWORD@HOST:5432/DATABASE [--force]",
            "                                      [--data-dir DIR]",
            "  Copies the SQLite installation of the data directory (data/portagent.db and data/agentx.db)",
            "  into PostgreSQL and checks the row counts. Stop the service first. The SQLite files are only",
            "  read. --force empties Portagent's tables in the target first (without it, a target that",
            "  holds rows is refused).");

    public static MigrateArgs parse(List<String> args) {
        String to = null;
        boolean force = false;
        List<String> config = new ArrayList<>();
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            if (arg.equals("--force")) {
                force = true;
            } else if (arg.startsWith("--to=")) {
                to = arg.substring("--to=".length());
            } else if (arg.equals("--to")) {
                to = value(args, i++, arg);
            } else if (!arg.startsWith("-")) {
                throw new UsageException("Unexpected argument '" + arg + "'.\n" + USAGE);
            } else {
                config.add(arg);
                if (!arg.contains("=") && takesValue(arg) && i + 1 < args.size()) {
                    config.add(args.get(++i));
                }
            }
        }
        if (to == null || to.isBlank()) {
            throw new UsageException("migrate needs --to, the PostgreSQL database to copy into.\n" + USAGE);
        }
        return new MigrateArgs(url(to), force, config);
    }

    /** The URL, or a usage error that never repeats it (it may hold a password). */
    private static DatabaseUrl url(String value) {
        try {
            return DatabaseUrl.parse(value);
        } catch (IllegalArgumentException e) {
            throw new UsageException("The --to URL " + e.getMessage() + ".");
        }
    }

    private static boolean takesValue(String flag) {
        return flag.equals("--env-file") || flag.equals("-e")
                || ConfigKey.byFlag(flag).map(k -> !k.isSwitch()).orElse(false);
    }

    private static String value(List<String> args, int i, String flag) {
        if (i + 1 >= args.size()) {
            throw new UsageException("Option " + flag + " needs a value.");
        }
        return args.get(i + 1);
    }
}
