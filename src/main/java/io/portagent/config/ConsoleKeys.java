package io.portagent.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The settings an admin may store in the console, as the lowest source of configuration: the
 * providers and models ({@code LLM_PROVIDERS}, {@code LLM_MODELS}, each provider's
 * {@link ProviderKey}s) and {@code USER_DAILY_TOKEN_LIMIT}. Everything else only the operator sets.
 */
public final class ConsoleKeys {

    /** The name of the stored values' source, as the resolver's sentences and origins show it. */
    public static final String SOURCE = "stored in the console";

    private static final List<String> FIXED = List.of(ConfigKey.LLM_PROVIDERS.name(), ConfigKey.LLM_MODELS.name(),
            ConfigKey.USER_DAILY_TOKEN_LIMIT.name());
    private static final Pattern NAMED = Pattern.compile("LLM_PROVIDER_[A-Z][A-Z0-9_]{0,31}_(TYPE|URL|KEY|MODELS)");

    private ConsoleKeys() {
    }

    /** The source of the stored values: below every source of the operator. */
    public static ConfigSource source(Map<String, String> stored) {
        return ConfigSource.of(SOURCE, stored);
    }

    /** Whether the console may store {@code key} at all. */
    public static boolean editable(String key) {
        return FIXED.contains(key) || NAMED.matcher(key).matches()
                || java.util.Arrays.stream(ProviderKey.values()).anyMatch(k -> k.envName(Providers.DEFAULT).equals(key));
    }

    /** Whether the value is a provider's key, never shown. */
    public static boolean secret(String key) {
        return key.endsWith("_KEY");
    }

    /** The keys to show: the fixed ones, then each provider's of {@code providers}, then any other stored. */
    public static List<String> shown(Providers providers, Iterable<String> stored) {
        List<String> keys = new ArrayList<>(FIXED);
        for (Providers.Provider provider : providers.providers()) {
            for (ProviderKey key : ProviderKey.values()) {
                keys.add(key.envName(provider.name()));
            }
        }
        stored.forEach(k -> {
            if (!keys.contains(k)) {
                keys.add(k);
            }
        });
        return keys;
    }

    /** The built-in default of {@code key}, if it has one. */
    public static Optional<String> defaultValue(String key) {
        return ConfigKey.byName(key).flatMap(ConfigKey::defaultValue);
    }
}
