package io.portagent.auth;

import java.util.Set;

/**
 * What a user's groups allow: the models they may use ({@code allModels}, or the union of their
 * groups' lists) and their daily token budget (the highest their groups set; 0 when none sets one,
 * so that the service-wide limit applies).
 */
public record ModelPolicy(boolean allModels, Set<String> models, long dailyTokenLimit) {

    public static final ModelPolicy UNRESTRICTED = new ModelPolicy(true, Set.of(), 0);

    public ModelPolicy {
        models = Set.copyOf(models);
    }

    public boolean allows(String model) {
        return allModels || models.contains(model);
    }
}
