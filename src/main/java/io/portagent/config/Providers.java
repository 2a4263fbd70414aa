package io.portagent.config;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * The model providers of {@code LLM_PROVIDERS} and the models users may choose
 * ({@code LLM_MODELS}), default first. Every model a user sees has an id unique in the
 * installation: the provider's own name for it, or {@code provider:model} where two providers
 * serve a model of the same name.
 */
public record Providers(List<Provider> providers, List<ModelChoice> models) {

    /** The provider whose keys carry no name: {@code LLM_PROVIDER_TYPE}, {@code _URL}, {@code _KEY}. */
    public static final String DEFAULT = "default";

    /**
     * One provider.
     *
     * @param name      as in {@code LLM_PROVIDERS}, lower case
     * @param type      {@code anthropic} or {@code openai}
     * @param keyOrigin where the key came from, for the start-up summary
     */
    public record Provider(String name, String type, URI url, String key, String keyOrigin) {

        public String maskedKey() {
            return key.isEmpty() ? "(none)" : Settings.mask(key);
        }

        @Override
        public String toString() {
            return "Provider[name=" + name + ", type=" + type + ", url=" + url + ", key=" + maskedKey() + "]";
        }
    }

    /**
     * A model users may choose.
     *
     * @param id       what users, the protocol and the database name it by
     * @param provider the name of the provider serving it
     * @param model    the provider's own name for it, sent in requests
     */
    public record ModelChoice(String id, String provider, String model) {
    }

    public Providers {
        providers = List.copyOf(providers);
        models = List.copyOf(models);
    }

    /** The first of {@code LLM_MODELS}: what a conversation uses when it names none. */
    public ModelChoice defaultModel() {
        return models.get(0);
    }

    /** The model with this id, or given as {@code provider:model}. */
    public Optional<ModelChoice> model(String id) {
        return models.stream().filter(m -> m.id().equals(id) || (m.provider() + ":" + m.model()).equals(id))
                .findFirst();
    }

    public Provider provider(String name) {
        return providers.stream().filter(p -> p.name().equals(name)).findFirst().orElseThrow();
    }
}
