package io.portagent.ws;

import io.portagent.agent.AgentRuntime;
import io.portagent.auth.AuthenticatedUser;
import io.portagent.config.Settings;
import jakarta.enterprise.context.Dependent;
import jakarta.inject.Inject;
import jakarta.websocket.CloseReason;
import jakarta.websocket.OnClose;
import jakarta.websocket.OnError;
import jakarta.websocket.OnMessage;
import jakarta.websocket.OnOpen;
import jakarta.websocket.PongMessage;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpoint;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code /ws}: where a frame enters. The handshake only gets here with a valid token of an
 * active user (the URL is protected; Jakarta Security answers 401 otherwise) and an allowed
 * Origin ({@link OriginFilter}). One instance per socket.
 */
@Dependent
@ServerEndpoint(value = "/ws", configurator = WsConfigurator.class)
public class WsEndpoint {

    private static final Logger LOG = LoggerFactory.getLogger(WsEndpoint.class);
    /** Tomcat's per-session limit on a blocking send (pings, close frames), in ms. */
    private static final String BLOCKING_SEND_TIMEOUT = "org.apache.tomcat.websocket.BLOCKING_SEND_TIMEOUT";

    @Inject
    AgentRuntime runtime;
    @Inject
    Connections connections;
    @Inject
    Settings settings;

    private Connection connection;
    private Protocol protocol;
    private TextAssembler assembler;

    @OnOpen
    public void open(Session session) throws IOException {
        if (!(session.getUserPrincipal() instanceof AuthenticatedUser user)) {
            // unreachable while web.xml protects /ws; kept so a misconfiguration fails closed
            session.close(new CloseReason(CloseCodes.UNAUTHORIZED, "Sign in first"));
            return;
        }
        assembler = new TextAssembler(settings.webSocket().maxFrameChars());
        session.setMaxIdleTimeout(0);
        session.getUserProperties().put(BLOCKING_SEND_TIMEOUT, 5_000L);
        connection = connections.open(session, user);
        protocol = new Protocol(runtime, connections);
        LOG.debug("Socket opened for user {}", user.userId());
    }

    /** Takes messages in parts (see {@link TextAssembler}); a request is handled once whole. */
    @OnMessage
    public void message(String part, boolean last) {
        connection.seen();
        String text = assembler.add(part, last);
        if (text != null) {
            protocol.handle(connection, text);
        } else if (assembler.tooBig()) {
            connection.close(CloseCodes.TOO_BIG, "Message too big: at most " + settings.webSocket().maxFrameChars()
                    + " characters");
        }
    }

    @OnMessage
    public void pong(PongMessage pong) {
        connection.seen();
    }

    @OnClose
    public void close(CloseReason reason) {
        if (connection != null) {
            protocol.unsubscribeAll(connection);
            connections.closed(connection);
            connection.close(reason.getCloseCode(), "closed");
            LOG.debug("Socket of user {} closed: {}", connection.user.userId(), reason);
        }
    }

    @OnError
    public void error(Throwable error) {
        LOG.debug("Socket error: {}", error.toString());
    }
}
