package io.portagent.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Every setting as it would resolve from the given sources, with where it came from and secrets
 * masked, without validating anything: what {@code diagnose} prints, for a service that may not
 * even start.
 */
public final class ConfigReport {

    private ConfigReport() {
    }

    public static List<String> lines(List<ConfigSource> sources) {
        List<String> lines = new ArrayList<>();
        for (ConfigKey key : ConfigKey.values()) {
            Optional<String[]> found = find(sources, key);
            String value = found.map(f -> f[0]).or(key::defaultValue).orElse("(not set)");
            String origin = found.map(f -> f[1]).orElse(key.defaultValue().isPresent() ? "default" : "-");
            if (key.isSecret() && found.isPresent()) {
                value = Settings.mask(value);
            } else if (key == ConfigKey.MCP_SERVERS && value.startsWith("{")) {
                value = "(inline JSON, " + value.length() + " characters; env and headers not shown)";
            }
            lines.add(String.format("  %-22s %s  (%s)", key.name(), value, origin));
        }
        lines.addAll(providerLines(sources));
        return lines;
    }

    /** The named providers' settings that some source sets; keys masked. */
    private static List<String> providerLines(List<ConfigSource> sources) {
        List<String> lines = new ArrayList<>();
        String names = find(sources, ConfigKey.LLM_PROVIDERS).map(f -> f[0]).orElse(Providers.DEFAULT);
        for (String name : SettingsResolver.list(names.toLowerCase(java.util.Locale.ROOT))) {
            for (ProviderKey key : ProviderKey.values()) {
                String env = key.envName(name);
                if (ConfigKey.byName(env).isEmpty()) {
                    find(sources, env).ifPresent(f -> lines.add(String.format("  %-22s %s  (%s)", env,
                            key == ProviderKey.KEY ? Settings.mask(f[0]) : f[0], f[1])));
                }
            }
        }
        return lines;
    }

    /** The data directory the sources name, without requiring anything else to be valid. */
    public static java.nio.file.Path dataDirectory(List<ConfigSource> sources) {
        String value = find(sources, ConfigKey.AGENTX_DIR).map(f -> f[0])
                .or(ConfigKey.AGENTX_DIR::defaultValue).orElseThrow();
        try {
            return SettingsResolver.directory(value);
        } catch (RuntimeException e) {
            throw new StartupException("Invalid value for AGENTX_DIR: '" + value + "'. Expected a directory path.");
        }
    }

    private static Optional<String[]> find(List<ConfigSource> sources, ConfigKey key) {
        return find(sources, key.name());
    }

    private static Optional<String[]> find(List<ConfigSource> sources, String name) {
        for (ConfigSource source : sources) {
            Optional<String> value = source.get(name);
            if (value.isPresent()) {
                return Optional.of(new String[] {value.get().strip(), source.name()});
            }
        }
        return Optional.empty();
    }
}
