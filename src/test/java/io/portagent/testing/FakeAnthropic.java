package io.portagent.testing;

import javax.net.ssl.SSLContext;

/**
 * A local stand-in for the Anthropic Messages API: {@code POST /v1/messages} with
 * {@code "stream": true}, answered with scripted SSE streams (see {@link FakeModelServer}).
 */
public final class FakeAnthropic extends FakeModelServer {

    private FakeAnthropic(SSLContext tls) {
        super(Dialect.ANTHROPIC, tls);
    }

    /** Binds 127.0.0.1 on an ephemeral port and starts accepting. */
    public static FakeAnthropic start() {
        return new FakeAnthropic(null);
    }

    /** Like {@link #start()}, speaking TLS only with {@code tls}'s key, at an https URL (see {@link SelfSigned}). */
    public static FakeAnthropic startWithTls(SSLContext tls) {
        return new FakeAnthropic(tls);
    }
}
