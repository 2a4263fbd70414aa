package io.portagent.config;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The settings each provider of {@code LLM_PROVIDERS} has, named {@code LLM_PROVIDER_<NAME>_<KEY>}
 * in every source (environment, env files, JNDI, init-params) and {@code --llm-provider-<name>-<key>}
 * on the command line. The provider {@code default} keeps the names without a provider:
 * {@code LLM_PROVIDER_TYPE}, {@code LLM_PROVIDER_URL}, {@code LLM_PROVIDER_KEY}, {@code LLM_PROVIDER_MODELS}.
 */
public enum ProviderKey {
    TYPE, URL, KEY, MODELS;

    private static final String PREFIX = "LLM_PROVIDER_";
    private static final String FLAG_PREFIX = "--llm-provider-";

    /** The setting's name for the provider {@code provider}. */
    public String envName(String provider) {
        return Providers.DEFAULT.equals(provider) ? PREFIX + name()
                : PREFIX + provider.toUpperCase(Locale.ROOT) + "_" + name();
    }

    /** The setting a command-line flag names: {@code --llm-provider-local-url} is {@code LLM_PROVIDER_LOCAL_URL}. */
    static Optional<String> byFlag(String flag) {
        String lower = flag.toLowerCase(Locale.ROOT);
        boolean known = lower.startsWith(FLAG_PREFIX) && Arrays.stream(values())
                .anyMatch(k -> lower.endsWith("-" + k.name().toLowerCase(Locale.ROOT)));
        return known ? Optional.of(lower.substring(2).replace('-', '_').toUpperCase(Locale.ROOT)) : Optional.empty();
    }
}
