package io.portagent.llm;

/**
 * Hears how each provider's calls end, for metrics. {@link #provider} is asked once per provider
 * when its client starts, so a recorder can resolve its counters then and count each call with no
 * look-up. Its methods run on the client's threads under the call's lock: they must be quick and
 * never block (a counter increment).
 */
@FunctionalInterface
public interface LlmObserver {

    /** Observes nothing. */
    LlmObserver NONE = provider -> Calls.NONE;

    /** The recorder of one provider's calls ({@code LLM_PROVIDERS}' name, {@code default} for the only one). */
    Calls provider(String name);

    /** One provider's call outcomes. */
    interface Calls {

        /** Records nothing. */
        Calls NONE = new Calls() {
        };

        /** A call ended with its answer complete. */
        default void succeeded() {
        }

        /** A call ended without an answer (cancelled included), after its retries. */
        default void failed(FailureCode code) {
        }

        /** An attempt failed and another one is scheduled. */
        default void retrying(FailureCode cause) {
        }
    }
}
