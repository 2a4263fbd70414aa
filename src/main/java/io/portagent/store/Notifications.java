package io.portagent.store;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.function.Consumer;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PostgreSQL's LISTEN/NOTIFY on one database, the nodes' only channel to each other: one
 * connection held for listening, read by a thread of its own; notices go out through the pool,
 * many in one round trip. A payload must stay under {@link #MAX_PAYLOAD} bytes: larger things are
 * stored and only pointed at. A lost connection is made again; notices sent meanwhile are lost,
 * so {@code reconnected} runs after each new connection for receivers to catch up from the store.
 */
public final class Notifications implements AutoCloseable {

    /** A notice: its channel and its text. */
    public record Notice(String channel, String payload) {
    }

    /** PostgreSQL refuses payloads of 8000 bytes and more. */
    public static final int MAX_PAYLOAD = 7_900;
    private static final Logger LOG = LoggerFactory.getLogger(Notifications.class);
    private static final int POLL_MILLIS = 500;

    private final Database db;
    private final List<String> channels;
    private final Consumer<Notice> handler;
    private final Runnable reconnected;
    private final Thread listener;
    private volatile boolean closed;
    private volatile Connection listening;

    private Notifications(Database db, List<String> channels, Consumer<Notice> handler, Runnable reconnected) {
        this.db = db;
        this.channels = List.copyOf(channels);
        this.handler = handler;
        this.reconnected = reconnected;
        this.listener = new Thread(this::listen, "portagent-notifications");
        this.listener.setDaemon(true);
    }

    /** Listens on {@code channels} of {@code db} (a PostgreSQL database) until closed. */
    public static Notifications listen(Database db, List<String> channels, Consumer<Notice> handler,
            Runnable reconnected) {
        if (db.dialect() != Dialect.POSTGRESQL) {
            throw new IllegalArgumentException(db.name() + " is not on PostgreSQL");
        }
        Notifications notifications = new Notifications(db, channels, handler, reconnected);
        notifications.connect(); // the first connection before start-up goes on: no notice is missed after it
        notifications.listener.start();
        return notifications;
    }

    /** Sends the notices in one round trip; they reach the listeners (this node's too) in this order. */
    public void send(List<Notice> notices) {
        if (notices.isEmpty()) {
            return;
        }
        db.read(c -> {
            String[] names = notices.stream().map(Notice::channel).toArray(String[]::new);
            String[] payloads = notices.stream().map(Notice::payload).toArray(String[]::new);
            Array channelArray = c.createArrayOf("text", names);
            Array payloadArray = c.createArrayOf("text", payloads);
            try (PreparedStatement s = c.prepareStatement("SELECT count(pg_notify(x.c, x.p)) FROM"
                    + " unnest(?::text[], ?::text[]) WITH ORDINALITY AS x(c, p, i)")) {
                s.setArray(1, channelArray);
                s.setArray(2, payloadArray);
                try (ResultSet r = s.executeQuery()) {
                    return r.next();
                }
            } finally {
                channelArray.free();
                payloadArray.free();
            }
        });
    }

    private boolean connect() {
        try {
            Connection connection = db.source().dataSource().getConnection();
            try (Statement s = connection.createStatement()) {
                for (String channel : channels) {
                    s.execute("LISTEN " + channel);
                }
            }
            listening = connection;
            return true;
        } catch (SQLException e) {
            LOG.warn("Cannot listen for other nodes' notices on {}: {}; trying again", db.name(),
                    PostgresErrors.cause(e));
            return false;
        }
    }

    private void listen() {
        boolean lost = false;
        while (!closed) {
            Connection connection = listening;
            if (connection == null) {
                sleep(1_000);
                if (!closed && connect()) {
                    if (lost) {
                        LOG.info("Listening for other nodes' notices again on {}", db.name());
                    }
                    lost = false;
                    reconnected.run();
                }
                continue;
            }
            try {
                PGNotification[] received = connection.unwrap(PGConnection.class).getNotifications(POLL_MILLIS);
                if (received != null) {
                    for (PGNotification n : received) {
                        dispatch(new Notice(n.getName(), n.getParameter()));
                    }
                }
            } catch (SQLException e) {
                if (!closed) {
                    LOG.warn("Lost the connection that listens for other nodes' notices on {}: {}", db.name(),
                            PostgresErrors.cause(e));
                    lost = true;
                }
                closeQuietly(connection);
                listening = null;
            }
        }
    }

    private void dispatch(Notice notice) {
        try {
            handler.accept(notice);
        } catch (RuntimeException e) {
            LOG.warn("A notice on {} could not be handled: {}", notice.channel(), e.toString());
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(Connection connection) {
        try {
            connection.close();
        } catch (SQLException e) {
            LOG.debug("closing the listening connection", e);
        }
    }

    @Override
    public void close() {
        closed = true;
        listener.interrupt();
        try {
            listener.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Connection connection = listening;
        if (connection != null) {
            closeQuietly(connection);
        }
    }
}
