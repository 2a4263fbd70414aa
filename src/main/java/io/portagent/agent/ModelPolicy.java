package io.portagent.agent;

import io.portagent.config.Providers.ModelChoice;
import io.portagent.config.Settings;
import java.util.List;

/**
 * What each user may use: the models they may choose, and how many tokens a day. The runtime asks
 * it on every create, update and send, so a change applies at once. {@link #from(Settings)} is the
 * installation's rule for everyone ({@code LLM_MODELS}, {@code USER_DAILY_TOKEN_LIMIT}); a rule by
 * group implements this interface in a higher layer and is handed to the runtime instead.
 */
public interface ModelPolicy {

    /** The models this user may choose, their default first; empty when they may use none. */
    List<ModelChoice> models(Caller caller);

    /** The input plus output tokens this user may use in a day (server's time zone); 0 for no limit. */
    long dailyTokenLimit(Caller caller);

    /** Both at once, for a send, which checks both: a policy that reads them from the store reads once. */
    default Allowance allowance(Caller caller) {
        return new Allowance(models(caller), dailyTokenLimit(caller));
    }

    /** What one user may use: {@link #models} and {@link #dailyTokenLimit}. */
    record Allowance(List<ModelChoice> models, long dailyTokenLimit) {
    }

    /** The same models and limit for every user, from the settings. */
    static ModelPolicy from(Settings settings) {
        List<ModelChoice> models = settings.llm().models();
        long limit = settings.agent().userDailyTokenLimit();
        return new ModelPolicy() {
            @Override
            public List<ModelChoice> models(Caller caller) {
                return models;
            }

            @Override
            public long dailyTokenLimit(Caller caller) {
                return limit;
            }
        };
    }
}
