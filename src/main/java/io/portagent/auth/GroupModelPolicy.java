package io.portagent.auth;

import io.portagent.agent.Caller;
import io.portagent.agent.ModelPolicy;
import io.portagent.config.Providers.ModelChoice;
import io.portagent.config.Settings;
import java.util.List;
import java.util.function.Supplier;

/**
 * The installation's models and daily limit, narrowed by the user's groups: the models any of
 * their groups allows (in the order of {@code LLM_MODELS}), and the highest budget a group sets,
 * else {@code USER_DAILY_TOKEN_LIMIT}, both from the settings in force. Read at every create,
 * update, list and send, so a change made in the console applies to the next one.
 */
public final class GroupModelPolicy implements ModelPolicy {

    private final Supplier<Settings> settings;
    private final Groups groups;

    /** {@code settings} is read at every call: the settings in force, which the console may change. */
    public GroupModelPolicy(Supplier<Settings> settings, Groups groups) {
        this.settings = settings;
        this.groups = groups;
    }

    @Override
    public List<ModelChoice> models(Caller caller) {
        return models(groups.allowanceOf(caller.userId()));
    }

    @Override
    public long dailyTokenLimit(Caller caller) {
        return dailyTokenLimit(groups.allowanceOf(caller.userId()));
    }

    /** The user's groups read once for both. */
    @Override
    public Allowance allowance(Caller caller) {
        GroupAllowance allowance = groups.allowanceOf(caller.userId());
        return new Allowance(models(allowance), dailyTokenLimit(allowance));
    }

    private List<ModelChoice> models(GroupAllowance allowance) {
        List<ModelChoice> models = settings.get().llm().models();
        return allowance.allModels() ? models : models.stream().filter(m -> allowance.allows(m.id())).toList();
    }

    private long dailyTokenLimit(GroupAllowance allowance) {
        long budget = allowance.dailyTokenLimit();
        return budget > 0 ? budget : settings.get().agent().userDailyTokenLimit();
    }
}
