package io.portagent.llm;

/**
 * What the turn engine calls: a model's answer, streamed as neutral {@link StreamEvent}s whatever
 * the provider's protocol: one provider's {@link LlmClient}, or a catalog routing each
 * request to the provider of its model.
 */
public interface ModelProvider {

    /**
     * Sends the request and streams the answer to the listener; returns at once. The listener's
     * methods run on the client's threads and must not block (see {@link LlmListener}).
     *
     * @throws IllegalArgumentException if a tool input or schema in the request is not JSON, or
     *                                  the model is not one this provider serves
     * @throws IllegalStateException    if the client is closed
     */
    LlmCall stream(LlmRequest request, LlmListener listener);
}
