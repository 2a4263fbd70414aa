package io.portagent.llm;

import org.apache.hc.client5.http.impl.DefaultSchemePortResolver;
import org.apache.hc.client5.http.impl.routing.DefaultRoutePlanner;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.protocol.HttpContext;

/**
 * Routes each request through the proxy {@link Proxies} picks for its target, or directly.
 * HttpClient then tunnels https targets with CONNECT and sends http targets in absolute form.
 */
final class ProxyRoutePlanner extends DefaultRoutePlanner {

    private final Proxies proxies;

    ProxyRoutePlanner(Proxies proxies) {
        super(DefaultSchemePortResolver.INSTANCE);
        this.proxies = proxies;
    }

    @Override
    protected HttpHost determineProxy(HttpHost target, HttpContext context) {
        return proxies.proxyFor(target);
    }
}
