package io.portagent.llm;

import java.net.SocketAddress;
import org.apache.hc.client5.http.ssl.DefaultClientTlsStrategy;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.HttpHost;
import org.apache.hc.core5.http.nio.ssl.TlsStrategy;
import org.apache.hc.core5.net.NamedEndpoint;
import org.apache.hc.core5.reactor.ssl.TransportSecurityLayer;
import org.apache.hc.core5.util.Timeout;

/**
 * HttpClient's default TLS (the JVM's trust store, host names verified), made when a connection
 * first needs it rather than when the client is built: making it reads and parses the trust
 * store, about 0.15 s of a start that a provider over plain HTTP never needs. For an HTTPS
 * provider {@link LlmClient} makes it at once on its own thread ({@link #make()}), beside the
 * rest of the start.
 */
final class LazyTls implements TlsStrategy {

    private volatile TlsStrategy tls;

    /** The strategy, made on the first call. */
    TlsStrategy make() {
        TlsStrategy made = tls;
        if (made == null) {
            synchronized (this) {
                made = tls;
                if (made == null) {
                    made = DefaultClientTlsStrategy.createDefault();
                    tls = made;
                }
            }
        }
        return made;
    }

    @Override
    public void upgrade(TransportSecurityLayer session, NamedEndpoint endpoint, Object attachment, Timeout timeout,
            FutureCallback<TransportSecurityLayer> callback) {
        make().upgrade(session, endpoint, attachment, timeout, callback);
    }

    /** The older form, which HttpClient no longer calls; kept as the interface requires. */
    @Deprecated
    @Override
    public boolean upgrade(TransportSecurityLayer session, HttpHost host, SocketAddress localAddress,
            SocketAddress remoteAddress, Object attachment, Timeout timeout) {
        return make().upgrade(session, host, localAddress, remoteAddress, attachment, timeout);
    }
}
