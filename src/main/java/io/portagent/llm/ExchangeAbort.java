package io.portagent.llm;

import org.apache.hc.client5.http.async.AsyncExecRuntime;

/**
 * Closes one attempt's connection on demand, from any thread. {@code Future.cancel(true)} alone
 * cannot be relied on: for an exchange that had to open its connection first, HttpClient 5.6
 * hands back a non-cancellable handle ({@code InternalHttpAsyncExecRuntime.execute}), so a
 * cancelled stream would run on. {@link AbortInterceptor} attaches the exchange's runtime here;
 * aborting discards its connection, which fails the exchange at once.
 */
final class ExchangeAbort {

    /** The {@code HttpContext} attribute under which an attempt carries its abort handle. */
    static final String ATTRIBUTE = ExchangeAbort.class.getName();

    private AsyncExecRuntime runtime;
    private volatile boolean aborted;

    /** Called as the exchange enters HttpClient's exec chain; false if it was aborted already. */
    synchronized boolean attach(AsyncExecRuntime execRuntime) {
        runtime = execRuntime;
        return !aborted;
    }

    /** Closes the connection if one is established; later bytes are refused by {@link StreamConsumer}. */
    void abort() {
        AsyncExecRuntime attached;
        synchronized (this) {
            aborted = true;
            attached = runtime;
        }
        // A lease or connect still under way is stopped by cancelling the exchange's future instead.
        if (attached != null && attached.isEndpointConnected()) {
            attached.discardEndpoint();
        }
    }

    boolean isAborted() {
        return aborted;
    }
}
