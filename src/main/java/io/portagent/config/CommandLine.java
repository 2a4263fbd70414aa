package io.portagent.config;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The parsed command line: configuration values keyed by their environment name (plus
 * {@code ENV_FILE}), and the {@code --help} / {@code --version} switches. Accepts
 * {@code --flag value} and {@code --flag=value}.
 */
public record CommandLine(Map<String, String> values, boolean help, boolean version) {

    public static CommandLine parse(List<String> args) {
        Map<String, String> values = new LinkedHashMap<>();
        boolean help = false;
        boolean version = false;
        for (int i = 0; i < args.size(); i++) {
            String arg = args.get(i);
            int eq = arg.startsWith("--") ? arg.indexOf('=') : -1;
            String flag = eq > 0 ? arg.substring(0, eq) : arg;
            if (flag.equals("--help") || flag.equals("-h")) {
                help = true;
                continue;
            }
            if (flag.equals("--version") || flag.equals("-V")) {
                version = true;
                continue;
            }
            boolean envFile = flag.equals("--env-file") || flag.equals("-e");
            Optional<ConfigKey> key = ConfigKey.byFlag(flag);
            Optional<String> name = envFile ? Optional.of(ConfigSources.ENV_FILE)
                    : key.map(ConfigKey::name).or(() -> ProviderKey.byFlag(flag));
            if (name.isEmpty()) {
                throw new UsageException("Unknown option " + arg + ". Run with --help to see the options.");
            }
            if (eq > 0) {
                values.put(name.get(), arg.substring(eq + 1));
            } else if (key.isPresent() && key.get().isSwitch()) {
                values.put(name.get(), "true");
            } else {
                values.put(name.get(), valueAfter(args, i++, flag));
            }
        }
        return new CommandLine(Map.copyOf(values), help, version);
    }

    private static String valueAfter(List<String> args, int i, String flag) {
        if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
            throw new UsageException("Option " + flag + " needs a value, e.g. " + flag + " " + example(flag) + ".");
        }
        return args.get(i + 1);
    }

    private static String example(String flag) {
        return switch (flag) {
            case "--port", "-p" -> "5201";
            case "--data-dir", "-d" -> "/var/lib/portagent";
            case "--api-key" -> "sk-ant-api03-xxxxx";
            case "--env-file", "-e" -> "/etc/portagent.env";
            default -> "<value>";
        };
    }

    public static String usage() {
        StringBuilder text = new StringBuilder();
        text.append("Usage: java -jar portagent.war [options]\n\n")
            .append("Multi-user AI agent portal. Configuration can also come from environment variables,\n")
            .append("an env file, ./.env.local and ./.env (in that order, after these options).\n\n")
            .append("Options:\n");
        for (ConfigKey key : ConfigKey.values()) {
            key.longFlag().ifPresent(flag -> text.append(String.format("  %-28s %s (%s%s)%n",
                    key.shortFlag().map(s -> s + ", ").orElse("") + flag + (key.isSwitch() ? "" : " <value>"),
                    key.help(), key.name(), key.defaultValue().map(d -> ", default " + d).orElse(""))));
        }
        text.append(String.format("  %-28s %s%n", "-e, --env-file <path>", "read settings from this env file"))
            .append(String.format("  %-28s %s%n", "-h, --help", "show this help"))
            .append(String.format("  %-28s %s%n", "-V, --version", "print the version"))
            .append("\nSettings without a flag (environment, env file, JNDI or init-param):\n");
        StringBuilder line = new StringBuilder(" ");
        for (ConfigKey key : ConfigKey.values()) {
            if (key.longFlag().isEmpty()) {
                if (line.length() + key.name().length() > 96) {
                    text.append(line).append('\n');
                    line = new StringBuilder(" ");
                }
                line.append(' ').append(key.name());
            }
        }
        text.append(line).append("\nSee docs/configuration.md for every key, its default and its JNDI name.\n");
        return text.toString();
    }
}
