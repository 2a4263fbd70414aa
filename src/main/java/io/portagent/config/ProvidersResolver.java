package io.portagent.config;

import io.portagent.config.Providers.ModelChoice;
import io.portagent.config.Providers.Provider;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Resolves {@code LLM_PROVIDERS}, each provider's {@link ProviderKey}s and {@code LLM_MODELS}
 * into {@link Providers}. Without {@code LLM_MODELS}, users may choose every model the providers
 * list, in their order; the provider {@code default} lists {@code LLM_PROVIDER_MODEL} unless it has
 * {@code LLM_PROVIDER_MODELS}. An entry of {@code LLM_MODELS} is {@code provider:model}, or a model
 * that one provider lists, or a model no provider lists, served by the first provider.
 */
final class ProvidersResolver {

    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_]{0,31}");

    private final SettingsResolver settings;

    ProvidersResolver(SettingsResolver settings) {
        this.settings = settings;
    }

    Providers resolve() {
        List<String> names = names();
        List<Provider> providers = new ArrayList<>();
        Map<String, List<String>> listed = new LinkedHashMap<>();
        for (String name : names) {
            provider(name).ifPresent(providers::add);
            listed.put(name, listedModels(name));
        }
        List<String[]> offered = settings.raw(ConfigKey.LLM_MODELS).filter(v -> !v.isBlank())
                .map(v -> fromModelsSetting(SettingsResolver.list(v), listed))
                .orElseGet(() -> everyListed(listed));
        if (offered.isEmpty()) {
            settings.problem("No model to offer: set LLM_MODELS, e.g. LLM_MODELS=claude-sonnet-4-20250514.");
            return new Providers(providers, List.of(new ModelChoice("-", names.get(0), "-")));
        }
        return new Providers(providers, uniqueIds(offered));
    }

    private List<String> names() {
        List<String> names = new ArrayList<>();
        for (String raw : SettingsResolver.list(settings.raw(ConfigKey.LLM_PROVIDERS).orElse(Providers.DEFAULT))) {
            String name = raw.toLowerCase(java.util.Locale.ROOT);
            if (!NAME.matcher(name).matches()) {
                settings.problem("Invalid value for LLM_PROVIDERS: '" + raw + "' is not a provider name. Expected"
                        + " letters, digits and _, starting with a letter.");
            } else if (!names.contains(name)) {
                names.add(name);
            }
        }
        return names.isEmpty() ? List.of(Providers.DEFAULT) : names;
    }

    private Optional<Provider> provider(String name) {
        boolean isDefault = Providers.DEFAULT.equals(name);
        String type = isDefault ? settings.parsed(ConfigKey.LLM_PROVIDER_TYPE, SettingsResolver::providerType,
                "anthropic or openai") : parsedNamed(ProviderKey.TYPE.envName(name), SettingsResolver::providerType,
                "anthropic or openai").orElse(SettingsResolver.ANTHROPIC);
        URI url = isDefault ? settings.parsed(ConfigKey.LLM_PROVIDER_URL, SettingsResolver::httpUri,
                "an http:// or https:// URL") : parsedNamed(ProviderKey.URL.envName(name), SettingsResolver::httpUri,
                "an http:// or https:// URL").orElse(null);
        String keyName = ProviderKey.KEY.envName(name);
        String key = settings.named(keyName).filter(k -> !k.isBlank()).orElse("");
        if (key.isEmpty() && !SettingsResolver.OPENAI.equals(type)) { // local OpenAI-compatible servers often need none
            if (isDefault) {
                throw new StartupException(Settings.MISSING_KEY);
            }
            settings.problem(keyName + " is required: provider '" + name + "' is of type anthropic.");
        }
        if (url == null && !isDefault) {
            settings.problem(ProviderKey.URL.envName(name) + " is required: provider '" + name
                    + "' is listed in LLM_PROVIDERS.");
        }
        return type == null || url == null ? Optional.empty()
                : Optional.of(new Provider(name, type, url, key, settings.origin(keyName)));
    }

    private <T> Optional<T> parsedNamed(String name, java.util.function.Function<String, T> parser, String expected) {
        Optional<String> value = settings.named(name);
        try {
            return value.map(parser);
        } catch (RuntimeException e) {
            settings.problem("Invalid value for " + name + ": '" + value.orElse("") + "' (from "
                    + settings.origin(name) + "). Expected " + expected + ".");
            return Optional.empty();
        }
    }

    /** The provider's {@code _MODELS}; for {@code default} without it, {@code LLM_PROVIDER_MODEL} unless LLM_MODELS is set. */
    private List<String> listedModels(String name) {
        Optional<String> models = settings.named(ProviderKey.MODELS.envName(name));
        if (models.isEmpty() && Providers.DEFAULT.equals(name)
                && settings.raw(ConfigKey.LLM_MODELS).filter(v -> !v.isBlank()).isEmpty()) {
            models = settings.raw(ConfigKey.LLM_PROVIDER_MODEL);
        }
        return models.map(SettingsResolver::list).orElse(List.of());
    }

    private static List<String[]> everyListed(Map<String, List<String>> listed) {
        List<String[]> offered = new ArrayList<>();
        listed.forEach((provider, models) -> models.forEach(m -> offered.add(new String[] {provider, m})));
        return offered;
    }

    private List<String[]> fromModelsSetting(List<String> entries, Map<String, List<String>> listed) {
        List<String[]> offered = new ArrayList<>();
        for (String entry : entries) {
            int colon = entry.indexOf(':');
            String prefix = colon > 0 ? entry.substring(0, colon) : "";
            if (listed.containsKey(prefix)) { // model names may hold colons (llama3.1:8b): only a provider's name counts
                offered.add(new String[] {prefix, entry.substring(colon + 1)});
                continue;
            }
            List<String> servers = listed.entrySet().stream().filter(e -> e.getValue().contains(entry))
                    .map(Map.Entry::getKey).toList();
            if (servers.size() > 1) {
                settings.problem("LLM_MODELS names '" + entry + "', which providers " + String.join(" and ", servers)
                        + " both list: write " + servers.get(0) + ":" + entry + " instead.");
            }
            offered.add(new String[] {servers.isEmpty() ? listed.keySet().iterator().next() : servers.get(0), entry});
        }
        return offered;
    }

    /** A model's id is its name, or {@code provider:model} where two offered models share the name. */
    private static List<ModelChoice> uniqueIds(List<String[]> offered) {
        List<ModelChoice> models = new ArrayList<>();
        for (String[] pm : offered) {
            long sameName = offered.stream().filter(o -> o[1].equals(pm[1])).map(o -> o[0]).distinct().count();
            String id = sameName > 1 ? pm[0] + ":" + pm[1] : pm[1];
            if (models.stream().noneMatch(m -> m.id().equals(id))) {
                models.add(new ModelChoice(id, pm[0], pm[1]));
            }
        }
        return models;
    }
}
