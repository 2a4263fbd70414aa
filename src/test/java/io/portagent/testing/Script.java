package io.portagent.testing;

import java.time.Duration;

/**
 * One scripted answer of {@link FakeAnthropic} to one {@code POST /v1/messages}: either a
 * {@link StreamScript} (an SSE stream, possibly faulty) or an {@link ErrorScript} (an HTTP error
 * before any stream). The static factories are the readable entry points for tests.
 */
public sealed interface Script permits StreamScript, ErrorScript {

    /** An empty stream (no content blocks yet) to be filled with the {@link StreamScript} methods. */
    static StreamScript stream() {
        return new StreamScript();
    }

    /** A stream with one text block made of the given deltas; stop_reason {@code end_turn}. */
    static StreamScript text(String... deltas) {
        return stream().text(deltas);
    }

    /**
     * A stream with one {@code tool_use} block whose input JSON arrives as the given
     * {@code partial_json} chunks; stop_reason {@code tool_use}.
     */
    static StreamScript toolUse(String id, String name, String... partialJson) {
        return stream().toolUse(id, name, partialJson);
    }

    /** An HTTP error answered instead of a stream, with Anthropic's JSON error body. */
    static ErrorScript httpError(int status, String errorType, String message) {
        return new ErrorScript(status, errorType, message);
    }

    /** HTTP 529 {@code overloaded_error}, as Anthropic answers when it sheds load. */
    static ErrorScript overloaded() {
        return httpError(529, "overloaded_error", "Overloaded");
    }

    /** HTTP 429 {@code rate_limit_error} with a {@code retry-after} header in whole seconds. */
    static ErrorScript rateLimited(Duration retryAfter) {
        return httpError(429, "rate_limit_error", "Number of requests has exceeded your rate limit.")
                .retryAfter(retryAfter);
    }
}
