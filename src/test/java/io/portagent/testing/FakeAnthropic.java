package io.portagent.testing;

/**
 * A local stand-in for the Anthropic Messages API: {@code POST /v1/messages} with
 * {@code "stream": true}, answered with scripted SSE streams (see {@link FakeModelServer}).
 */
public final class FakeAnthropic extends FakeModelServer {

    private FakeAnthropic() {
        super(Dialect.ANTHROPIC);
    }

    /** Binds 127.0.0.1 on an ephemeral port and starts accepting. */
    public static FakeAnthropic start() {
        return new FakeAnthropic();
    }
}
