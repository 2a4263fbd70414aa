/**
 * The OpenAI-compatible gateway under {@code /v1} ({@code GET /v1/models},
 * {@code POST /v1/chat/completions}, streamed or not), for scripts and IDE plugins: authenticated
 * only by a personal API key in {@code Authorization: Bearer pak-...}, answering OpenAI's shapes and
 * error bodies. A servlet rather than a JAX-RS application, so that it owns its authentication,
 * its error format and its event stream; the rules (models, budget, the ledger) are the agent's.
 */
package io.portagent.http.gateway;
