package io.portagent.agent;

import io.portagent.config.Providers.ModelChoice;
import io.portagent.llm.LlmRequest;
import io.portagent.llm.ModelProvider;
import java.time.Clock;
import java.util.List;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Model calls outside any conversation, for the OpenAI-compatible endpoint: nothing is stored
 * but the tokens, in the ledger the turns use (so the daily limit and the admins' usage report
 * count them, each call as one turn). A call must name a model the user may use
 * ({@code model_not_allowed}) and the user be under their daily limit ({@code quota_exceeded}).
 */
public final class Completions {

    private static final Logger LOG = LoggerFactory.getLogger(Completions.class);

    private final ModelProvider llm;
    private final ModelPolicy policy;
    private final UsageLedger usage;
    private final Clock clock;
    private final int defaultMaxTokens;
    private final Supplier<TurnObserver> observer;

    /** {@code observer} hears each call's tokens, as the ledger records them (the metrics count them with the turns'). */
    Completions(ModelProvider llm, ModelPolicy policy, UsageLedger usage, Clock clock, int defaultMaxTokens,
            Supplier<TurnObserver> observer) {
        this.llm = llm;
        this.policy = policy;
        this.usage = usage;
        this.clock = clock;
        this.defaultMaxTokens = defaultMaxTokens;
        this.observer = observer;
    }

    /** The models this user may call, their default first. */
    public List<ModelChoice> models(Caller caller) {
        return policy.models(caller);
    }

    /** The answer's token limit when the request sets none ({@code LLM_MAX_TOKENS}). */
    public int defaultMaxTokens() {
        return defaultMaxTokens;
    }

    /** Starts the call; the caller reads its steps and must close it (which records the tokens). */
    public Completion start(Caller caller, LlmRequest request) {
        ModelPolicy.Allowance allowance = policy.allowance(caller);
        List<ModelChoice> models = allowance.models();
        if (models.stream().noneMatch(m -> m.id().equals(request.model()))) {
            throw new AgentException("model_not_allowed", "The model " + request.model() + " is not one you may use."
                    + (models.isEmpty() ? " Your groups allow none; ask an administrator." : " Choose one of: "
                    + models.stream().map(ModelChoice::id).collect(Collectors.joining(", ")) + "."));
        }
        usage.checkQuota(caller, allowance.dailyTokenLimit());
        long startedAt = clock.millis();
        Completion completion = new Completion(done -> record(caller, request.model(), startedAt, done));
        completion.begin(llm.stream(request, completion));
        return completion;
    }

    private void record(Caller caller, String model, long startedAt, Completion done) {
        if (done.inputTokens() + done.outputTokens() == 0) {
            return;
        }
        try {
            usage.record("api-" + UUID.randomUUID(), caller, model, startedAt, done.inputTokens(), done.outputTokens());
            observer.get().tokens(model, done.inputTokens(), done.outputTokens());
        } catch (RuntimeException e) {
            LOG.error("Could not record {} + {} tokens of user {} on {}: {}", done.inputTokens(), done.outputTokens(),
                    caller.userId(), model, e.getMessage());
        }
    }
}
