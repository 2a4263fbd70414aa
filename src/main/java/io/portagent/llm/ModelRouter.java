package io.portagent.llm;

import io.portagent.config.Providers;
import io.portagent.config.Providers.ModelChoice;
import io.portagent.config.Settings;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;

/**
 * Several providers behind one {@link ModelProvider}: one {@link LlmClient} per provider of
 * {@code LLM_PROVIDERS}, and each request sent to the provider of its model, under the name that
 * provider knows it by. Requests name a model by its id in the installation ({@link ModelChoice#id()}).
 */
public final class ModelRouter implements ModelProvider, AutoCloseable {

    private final Map<String, LlmClient> clients;
    private final Providers providers;

    public ModelRouter(Map<String, LlmClient> clients, Providers providers) {
        this.clients = Map.copyOf(clients);
        this.providers = Objects.requireNonNull(providers, "providers");
    }

    /** A client for each provider of the settings; those already started are closed if one fails to start. */
    public static ModelRouter start(Settings settings) {
        return start(settings, LlmObserver.NONE);
    }

    /** As {@link #start(Settings)}, each provider's calls told to {@code observer}. */
    public static ModelRouter start(Settings settings, LlmObserver observer) {
        Map<String, LlmClient> clients = new LinkedHashMap<>();
        try {
            for (Providers.Provider provider : settings.llm().providers()) {
                clients.put(provider.name(), new LlmClient(LlmConfig.from(settings, provider),
                        observer.provider(provider.name())));
            }
        } catch (RuntimeException e) {
            clients.values().forEach(LlmClient::close);
            throw e;
        }
        return new ModelRouter(clients, settings.llm());
    }

    /** @throws IllegalArgumentException if no provider serves the request's model */
    @Override
    public LlmCall stream(LlmRequest request, LlmListener listener) {
        ModelChoice choice = providers.model(request.model()).orElseThrow(() -> new IllegalArgumentException(
                "No provider serves the model " + request.model() + "."));
        LlmRequest asTheProviderNamesIt = new LlmRequest(choice.model(), request.maxTokens(), request.system(),
                request.messages(), request.tools());
        return clients.get(choice.provider()).stream(asTheProviderNamesIt, listener);
    }

    /** Each provider's key check, by provider name, in configuration order (see {@link LlmClient#checkKey()}). */
    public Map<String, CompletableFuture<KeyCheck>> checkKeys() {
        Map<String, CompletableFuture<KeyCheck>> checks = new LinkedHashMap<>();
        providers.providers().stream().filter(p -> clients.containsKey(p.name()))
                .forEach(p -> checks.put(p.name(), clients.get(p.name()).checkKey()));
        return checks;
    }

    /** Closes every provider's client (see {@link LlmClient#close()}). */
    @Override
    public void close() {
        clients.values().forEach(LlmClient::close);
    }
}
