package io.portagent.ops;

import io.portagent.config.ConfigKey;
import io.portagent.config.UsageException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The arguments of {@code users <action> [NAME] [options]}: the action, the account's name, the
 * command's own options ({@code --password}, {@code --email}, {@code --display-name},
 * {@code --admin}), and the rest, which are the service's configuration options ({@code --data-dir}...).
 */
public record UsersArgs(String action, Optional<String> name, Optional<String> password, Optional<String> email,
        Optional<String> displayName, boolean admin, List<String> configArgs) {

    public static final Set<String> ACTIONS = Set.of("list", "create", "promote", "demote", "disable", "enable",
            "reset-password", "delete");
    public static final String USAGE = String.join("\n",
            "Usage: java -jar portagent.war users <action> [NAME] [options]",
            "  list                                   every account: roles, state, last sign-in",
            "  create NAME [--admin] [--password P] [--email E] [--display-name D]",
            "                                         a new account (without --password: a temporary one, printed);",
            "                                         it must change its password at first sign-in",
            "  promote NAME | demote NAME             grant or take the role admin",
            "  disable NAME | enable NAME             disabling ends the account's sessions within seconds",
            "  reset-password NAME                    a new temporary password, printed once",
            "  delete NAME                            the account, its conversations, messages and files",
            "NAME is a username or an email. Works with the service running or stopped; use --data-dir",
            "(or AGENTX_DIR) as for the service.");

    public static UsersArgs parse(List<String> args) {
        if (args.isEmpty() || !ACTIONS.contains(args.get(0))) {
            throw new UsageException((args.isEmpty() ? "users needs an action" : "Unknown users action '"
                    + args.get(0) + "'") + ".\n" + USAGE);
        }
        Parser parser = new Parser(args.subList(1, args.size()));
        UsersArgs parsed = new UsersArgs(args.get(0), parser.name, parser.option("--password"),
                parser.option("--email"), parser.option("--display-name"), parser.admin, parser.config);
        boolean needsName = !parsed.action.equals("list");
        if (needsName != parsed.name.isPresent()) {
            throw new UsageException(needsName ? "users " + parsed.action + " needs a username.\n" + USAGE
                    : "users list takes no username.");
        }
        return parsed;
    }

    /** Splits the arguments into the name, the command's options and the configuration options. */
    private static final class Parser {
        private static final Set<String> OWN = Set.of("--password", "--email", "--display-name");
        private final java.util.Map<String, String> own = new java.util.HashMap<>();
        private final List<String> config = new ArrayList<>();
        private Optional<String> name = Optional.empty();
        private boolean admin;

        Parser(List<String> args) {
            for (int i = 0; i < args.size(); i++) {
                String arg = args.get(i);
                String flag = arg.contains("=") && arg.startsWith("--") ? arg.substring(0, arg.indexOf('=')) : arg;
                if (arg.equals("--admin")) {
                    admin = true;
                } else if (OWN.contains(flag)) {
                    own.put(flag, flag.equals(arg) ? value(args, i++, arg) : arg.substring(flag.length() + 1));
                } else if (!arg.startsWith("-") && name.isEmpty()) {
                    name = Optional.of(arg);
                } else if (!arg.startsWith("-")) {
                    throw new UsageException("Unexpected argument '" + arg + "'.\n" + USAGE);
                } else {
                    config.add(arg);
                    if (flag.equals(arg) && takesValue(arg) && i + 1 < args.size()) {
                        config.add(args.get(++i));
                    }
                }
            }
        }

        Optional<String> option(String flag) {
            return Optional.ofNullable(own.get(flag));
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
}
