/**
 * The LLM provider client: Anthropic's Messages API called with {@code stream: true}, its SSE
 * answer parsed incrementally and handed to an {@link io.portagent.llm.LlmListener} as typed
 * {@link io.portagent.llm.StreamEvent}s, with retries before the first event, an idle timeout,
 * HTTP(S)_PROXY / NO_PROXY routing, and every failure mapped to a
 * {@link io.portagent.llm.FailureCode} and a sentence a user can act on.
 *
 * <p>One {@link io.portagent.llm.LlmClient} serves the whole application: a non-blocking
 * HttpClient 5 I/O reactor (one thread per core) multiplexes all streams over a shared
 * connection pool, so a thousand concurrent turns cost sockets and buffers, not threads.
 */
package io.portagent.llm;
