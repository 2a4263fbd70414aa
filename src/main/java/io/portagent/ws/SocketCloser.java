package io.portagent.ws;

import jakarta.websocket.CloseReason;
import jakarta.websocket.Session;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a socket the server gives up on (a reader too slow, a peer silent to pings) so that its
 * connection and file handle go at once: the close frame is written if the socket takes it, and
 * the TCP connection is closed right after, without waiting for the peer's answering close frame
 * (a peer that does not read will never send one; the container would hold the socket for its
 * whole close timeout, 30 s on Tomcat). On Tomcat this is its session's
 * {@code doClose(reason, reason, true)}; elsewhere the plain close, with Tomcat's per-session
 * close timeout property set short for containers that read it.
 */
final class SocketCloser {

    private static final Logger LOG = LoggerFactory.getLogger(SocketCloser.class);
    /** Tomcat's wait for the peer's close frame, per session, in ms (its default is 30 s). */
    static final String SESSION_CLOSE_TIMEOUT = "org.apache.tomcat.websocket.SESSION_CLOSE_TIMEOUT";
    private static final long CLOSE_TIMEOUT_MILLIS = 1_000;

    private SocketCloser() {
    }

    /** Closes {@code session} with {@code reason} and drops its connection without waiting for the peer. */
    static void abort(Session session, CloseReason reason) throws IOException {
        session.getUserProperties().put(SESSION_CLOSE_TIMEOUT, CLOSE_TIMEOUT_MILLIS);
        Optional<Method> closeNow = closeNow(session.getClass());
        if (closeNow.isEmpty()) {
            session.close(reason);
            return;
        }
        try {
            closeNow.get().invoke(session, reason, reason, true);
        } catch (IllegalAccessException e) {
            session.close(reason);
        } catch (InvocationTargetException e) {
            throw new IOException("closing the socket failed", e.getCause());
        }
    }

    private static Optional<Method> closeNow(Class<?> sessionClass) {
        try {
            return Optional.of(sessionClass.getMethod("doClose", CloseReason.class, CloseReason.class, boolean.class));
        } catch (NoSuchMethodException e) {
            LOG.debug("{} has no immediate close; the container's own close is used", sessionClass.getName());
            return Optional.empty();
        }
    }
}
