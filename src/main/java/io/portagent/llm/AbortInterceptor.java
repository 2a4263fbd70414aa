package io.portagent.llm;

import java.io.IOException;
import java.io.InterruptedIOException;
import org.apache.hc.client5.http.async.AsyncExecCallback;
import org.apache.hc.client5.http.async.AsyncExecChain;
import org.apache.hc.client5.http.async.AsyncExecChainHandler;
import org.apache.hc.core5.http.HttpException;
import org.apache.hc.core5.http.HttpRequest;
import org.apache.hc.core5.http.nio.AsyncEntityProducer;

/**
 * The first link of HttpClient's exec chain: hands each exchange's runtime to the attempt's
 * {@link ExchangeAbort}, and stops an exchange whose attempt was aborted before it got here.
 */
final class AbortInterceptor implements AsyncExecChainHandler {

    static final String NAME = "portagent-abort";

    @Override
    public void execute(HttpRequest request, AsyncEntityProducer entity, AsyncExecChain.Scope scope,
            AsyncExecChain chain, AsyncExecCallback callback) throws HttpException, IOException {
        Object handle = scope.clientContext.getAttribute(ExchangeAbort.ATTRIBUTE);
        if (handle instanceof ExchangeAbort abort && !abort.attach(scope.execRuntime)) {
            callback.failed(new InterruptedIOException("aborted before it started"));
            return;
        }
        chain.proceed(request, entity, scope, callback);
    }
}
