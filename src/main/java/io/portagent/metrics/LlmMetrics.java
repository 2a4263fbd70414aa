package io.portagent.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.portagent.llm.FailureCode;
import io.portagent.llm.LlmObserver;
import java.util.EnumMap;
import java.util.Map;

/**
 * Model calls by provider and status ({@code ok} or the failure code), and retries by their
 * cause. Each provider's counters are resolved when its client starts; a call's end is an array
 * read and an increment.
 */
final class LlmMetrics implements LlmObserver {

    private final MeterRegistry registry;

    LlmMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Calls provider(String name) {
        return new ProviderCalls(registry, name);
    }

    private static final class ProviderCalls implements Calls {

        private final Counter ok;
        private final Map<FailureCode, Counter> failed = new EnumMap<>(FailureCode.class);
        private final Map<FailureCode, Counter> retries = new EnumMap<>(FailureCode.class);

        ProviderCalls(MeterRegistry registry, String provider) {
            ok = requests(registry, provider, "ok");
            for (FailureCode code : FailureCode.values()) {
                failed.put(code, requests(registry, provider, code.wireName()));
                retries.put(code, Counter.builder("portagent.llm.retries").tag("provider", provider)
                        .tag("cause", code.wireName()).description("Model call attempts that failed and were retried,"
                                + " by provider and cause").register(registry));
            }
        }

        private static Counter requests(MeterRegistry registry, String provider, String status) {
            return Counter.builder("portagent.llm.requests").tag("provider", provider).tag("status", status)
                    .description("Model calls ended, by provider and status (ok or the failure code)")
                    .register(registry);
        }

        @Override
        public void succeeded() {
            ok.increment();
        }

        @Override
        public void failed(FailureCode code) {
            failed.get(code).increment();
        }

        @Override
        public void retrying(FailureCode cause) {
            retries.get(cause).increment();
        }
    }
}
