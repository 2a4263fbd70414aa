package io.portagent.llm;

import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.TimeoutException;
import javax.net.ssl.SSLException;
import org.apache.hc.client5.http.ConnectTimeoutException;

/**
 * Maps what went wrong below HTTP (sockets, TLS, timeouts, broken streams) to a failure code and
 * a sentence naming the provider URL, worded like the errno an operator would search for.
 */
final class TransportErrors {

    private TransportErrors() {
    }

    /**
     * @param where the provider URL as users know it, plus the proxy if one is used
     * @param config for the timeouts the sentences quote
     */
    static AttemptFailure from(Throwable error, String where, LlmConfig config) {
        Throwable e = error;
        if (e instanceof ProviderDataException || e instanceof SseParser.TooLargeException) {
            return AttemptFailure.fatal(FailureCode.PROVIDER_ERROR,
                    "The provider sent data that is not a stream of the " + config.type().configName()
                    + " protocol (" + e.getMessage() + ")");
        }
        if (e instanceof ConnectTimeoutException) {
            return AttemptFailure.retryable(FailureCode.TIMEOUT, "Cannot connect to " + where
                    + " (ETIMEDOUT after " + human(config.connectTimeout()) + ")");
        }
        if (e instanceof SocketTimeoutException) {
            return AttemptFailure.fatal(FailureCode.STREAM_STALLED,
                    "The provider stopped sending for " + human(config.idleTimeout()));
        }
        if (e instanceof TimeoutException) {
            return AttemptFailure.fatal(FailureCode.TIMEOUT, "No connection to " + where + " became free in time ("
                    + config.maxConnections() + " in use)");
        }
        return connectionProblem(e, where);
    }

    private static AttemptFailure connectionProblem(Throwable e, String where) {
        if (e instanceof ConnectException) {
            return AttemptFailure.retryable(FailureCode.CONNECTION_REFUSED, "Cannot connect to " + where + " (ECONNREFUSED)");
        }
        if (e instanceof NoRouteToHostException) {
            return AttemptFailure.retryable(FailureCode.CONNECTION_REFUSED, "Cannot connect to " + where + " (EHOSTUNREACH)");
        }
        if (e instanceof UnknownHostException) {
            return AttemptFailure.retryable(FailureCode.CONNECTION_REFUSED, "Cannot connect to " + where
                    + " (ENOTFOUND: unknown host " + e.getMessage() + ")");
        }
        if (e instanceof SSLException) {
            return AttemptFailure.fatal(FailureCode.CONNECTION_REFUSED, "Cannot connect to " + where
                    + " (TLS: " + e.getMessage() + ")");
        }
        if (e instanceof CancellationException) {
            return AttemptFailure.fatal(FailureCode.CANCELLED, "The request was cancelled");
        }
        if (!(e instanceof IOException)) { // e.g. the HTTP client was shut down under the call
            return AttemptFailure.fatal(FailureCode.PROVIDER_ERROR, "The request to " + where + " failed: " + e);
        }
        // Reset, EOF mid-body, "premature end of chunk coded message body": the stream broke.
        // Before any event this is usually a pooled connection the server had closed, so a retry is safe.
        return AttemptFailure.retryable(FailureCode.STREAM_DROPPED,
                "The connection to " + where + " closed before the answer was complete");
    }

    /** "60 s", "250 ms", "1.5 s": how long, the way a person reads it. */
    static String human(Duration duration) {
        long millis = duration.toMillis();
        if (millis < 1000) {
            return millis + " ms";
        }
        return millis % 1000 == 0 ? millis / 1000 + " s" : String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
    }
}
