/**
 * The LLM provider clients. What is shared lives here: the HttpClient 5 transport (one
 * {@link io.portagent.llm.LlmClient} per provider), the incremental SSE parser, retries before the
 * first event with backoff, the idle timeout, HTTP(S)_PROXY / NO_PROXY routing, HTTP statuses
 * mapped to a {@link io.portagent.llm.FailureCode} and a sentence a user can act on, and the
 * neutral vocabulary the turn engine sees ({@link io.portagent.llm.ModelProvider},
 * {@link io.portagent.llm.StreamEvent}, {@link io.portagent.llm.StopReason},
 * {@link io.portagent.llm.ContentBlock}). What differs per protocol is a
 * {@link io.portagent.llm.WireProtocol} in a sub-package ({@code anthropic}, {@code openai}):
 * endpoint, headers, request body, and the decoding of stream events and errors.
 *
 * <p>A client's non-blocking I/O reactor (one thread per core) multiplexes all its streams over
 * a shared connection pool, so a thousand concurrent turns cost sockets and buffers, not threads.
 */
package io.portagent.llm;
