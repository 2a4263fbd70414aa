package io.portagent.testing;

/**
 * A local stand-in for an OpenAI-compatible Chat Completions server (OpenAI, vLLM, Ollama, LM
 * Studio, LiteLLM): {@code POST /v1/chat/completions} with {@code "stream": true}, answered with
 * {@code chat.completion.chunk}s until {@code data: [DONE]} (see {@link FakeModelServer}). Like
 * the real servers, it refuses with 400 a history whose {@code role: "tool"} messages do not
 * answer the {@code tool_calls} of the assistant message before them, or leave a call unanswered.
 */
public final class FakeOpenAi extends FakeModelServer {

    private FakeOpenAi() {
        super(Dialect.OPENAI);
    }

    /** Binds 127.0.0.1 on an ephemeral port and starts accepting. */
    public static FakeOpenAi start() {
        return new FakeOpenAi();
    }
}
