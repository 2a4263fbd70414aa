package io.portagent.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.agent.TurnObserver;
import io.portagent.agent.TurnStatus;
import io.portagent.llm.FailureCode;
import io.portagent.llm.LlmObserver;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The recorders write the families operators read, with the labels the docs name, and only those. */
class MetricsTest {

    private final Metrics metrics = new Metrics();

    private double value(String line) {
        return metrics.scrape().lines().filter(l -> l.startsWith(line + " ")).mapToDouble(
                l -> Double.parseDouble(l.substring(line.length() + 1))).findFirst().orElse(Double.NaN);
    }

    @Test
    void turnsAreCountedByOutcomeTimedAndTheirTokensCountedByProviderAndModel() {
        TurnObserver turns = metrics.turnObserver(model -> model.startsWith("gpt") ? "openai" : "default");
        turns.firstDelta(TimeUnit.MILLISECONDS.toNanos(300));
        turns.ended(TurnStatus.COMPLETED, null, TimeUnit.SECONDS.toNanos(3));
        turns.ended(TurnStatus.FAILED, "rate_limited", TimeUnit.SECONDS.toNanos(1));
        turns.tokens("gpt-4o", 100, 7);
        turns.tokens("gpt-4o", 50, 3);

        assertEquals(1, value("portagent_turns_total{outcome=\"completed\"}"));
        assertEquals(1, value("portagent_turns_total{outcome=\"failed\"}"));
        assertEquals(0, value("portagent_turns_total{outcome=\"interrupted\"}"));
        assertEquals(1, value("portagent_turn_errors_total{code=\"rate_limited\"}"));
        assertEquals(2, value("portagent_turn_duration_seconds_count"));
        assertEquals(1, value("portagent_first_delta_seconds_bucket{le=\"0.5\"}"));
        assertEquals(0, value("portagent_first_delta_seconds_bucket{le=\"0.25\"}"));
        assertEquals(150, value("portagent_tokens_total{direction=\"input\",model=\"gpt-4o\",provider=\"openai\"}"));
        assertEquals(10, value("portagent_tokens_total{direction=\"output\",model=\"gpt-4o\",provider=\"openai\"}"));
    }

    @Test
    void modelCallsAreCountedByProviderAndStatusAndRetriesByCause() {
        LlmObserver.Calls calls = metrics.llmObserver().provider("default");
        calls.succeeded();
        calls.retrying(FailureCode.OVERLOADED);
        calls.failed(FailureCode.INVALID_API_KEY);

        assertEquals(1, value("portagent_llm_requests_total{provider=\"default\",status=\"ok\"}"));
        assertEquals(1, value("portagent_llm_requests_total{provider=\"default\",status=\"invalid_api_key\"}"));
        assertEquals(1, value("portagent_llm_retries_total{cause=\"overloaded\",provider=\"default\"}"));
    }

    @Test
    void theJvmIsThereAndEveryFamilyHasHelpText() {
        String text = metrics.scrape();
        assertTrue(text.contains("jvm_memory_used_bytes{"), text);
        assertTrue(text.contains("system_cpu_cores "), "renamed from system_cpu_count, which reads as a histogram's");
        assertTrue(!text.contains("process_cpu_time_ns"), "CPU time in ns, which lint rejects");
        long types = text.lines().filter(l -> l.startsWith("# TYPE ")).count();
        long helps = text.lines().filter(l -> l.startsWith("# HELP ")).count();
        assertEquals(types, helps);
    }
}
