/**
 * OpenAI's Chat Completions protocol, spoken by OpenAI, vLLM, Ollama, LM Studio, LiteLLM and most
 * gateways: the request body (tool calls and {@code role: "tool"} results translated from the
 * neutral history), the chunk decoder, and the errors a server sends inside its stream.
 */
package io.portagent.llm.openai;
