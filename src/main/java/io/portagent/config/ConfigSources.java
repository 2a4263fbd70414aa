package io.portagent.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Builds the list of sources in precedence order: the given upper sources (command line, then
 * JNDI, then context init-params), the process environment, the {@code --env-file},
 * {@code ./.env.local} and {@code ./.env}. Defaults come last, from {@link ConfigKey}.
 */
public final class ConfigSources {

    /** Names the env file; read from the upper sources only (a flag, a JNDI entry, an init-param). */
    public static final String ENV_FILE = "ENV_FILE";

    private ConfigSources() {
    }

    public static List<ConfigSource> layered(List<ConfigSource> upper, Map<String, String> env, Path workDir) {
        List<ConfigSource> sources = new ArrayList<>(upper);
        sources.add(ConfigSource.of("environment", env));
        envFile(upper).ifPresent(file -> sources.add(EnvFile.required(workDir.resolve(file), "--env-file")));
        sources.add(EnvFile.optional(workDir.resolve(".env.local")));
        sources.add(EnvFile.optional(workDir.resolve(".env")));
        return List.copyOf(sources);
    }

    private static Optional<String> envFile(List<ConfigSource> upper) {
        return upper.stream().map(s -> s.get(ENV_FILE)).flatMap(Optional::stream).findFirst();
    }
}
