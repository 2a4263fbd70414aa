/** Anthropic's Messages API: its request body, its SSE event names, its mid-stream errors and stop reasons. */
package io.portagent.llm.anthropic;
