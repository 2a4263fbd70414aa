package io.portagent.ws;

import io.portagent.auth.Accounts;
import io.portagent.auth.AuthenticatedUser;
import io.portagent.auth.SignOuts;
import io.portagent.config.Settings;
import jakarta.websocket.CloseReason;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every open socket, and the timers that look after them: a ping each interval (a socket that
 * has not answered for two intervals is closed), and a check every few seconds that each
 * socket's token is still good (expired, signed out, disabled or deleted, or issued before the
 * account's token cutoff: closed with 4401). A change in this process (a logout, an admin
 * disabling or deleting a user, a password change) closes the sockets concerned at once; one made
 * elsewhere (the command line, sqlite3) within {@link #REVALIDATE_SECONDS} seconds.
 */
public final class Connections implements AutoCloseable {

    static final long REVALIDATE_SECONDS = 5;
    /** A frame on its way this long means the peer is not reading now. */
    private static final long STUCK_MILLIS = 1_000;
    private static final Logger LOG = LoggerFactory.getLogger(Connections.class);

    /**
     * Every open socket, by user: a notice to one user's sockets (a turn starting or ending, a
     * conversation changed) looks up that user's, never walks every socket of the node.
     */
    private final Map<String, Set<Connection>> byUser = new ConcurrentHashMap<>();
    private final LongAdder tooSlow = new LongAdder();
    private final Accounts accounts;
    private final Settings.WebSocket limits;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> thread(r, "timer"));
    /** Closes sockets; never waits behind a ping (a ping to a peer that does not read blocks for seconds). */
    private final ExecutorService io = Executors.newFixedThreadPool(2, r -> thread(r, "io"));
    private final ExecutorService pinger = Executors.newFixedThreadPool(2, r -> thread(r, "ping"));

    public Connections(Accounts accounts, SignOuts signOuts, Settings.WebSocket limits) {
        this.accounts = accounts;
        this.limits = limits;
        long ping = limits.pingInterval().toMillis();
        timer.scheduleAtFixedRate(this::ping, ping, ping, TimeUnit.MILLISECONDS);
        timer.scheduleAtFixedRate(this::revalidate, REVALIDATE_SECONDS, REVALIDATE_SECONDS, TimeUnit.SECONDS);
        signOuts.onToken(this::revoked);
        signOuts.onUser(this::signedOut);
    }

    private static Thread thread(Runnable runnable, String name) {
        Thread thread = new Thread(runnable, "portagent-ws-" + name);
        thread.setDaemon(true);
        return thread;
    }

    Connection open(jakarta.websocket.Session session, AuthenticatedUser user) {
        Connection connection = new Connection(session, user, limits.sendQueueChars(), io, timer,
                tooSlow::increment);
        byUser.compute(user.userId(), (id, sockets) -> {
            Set<Connection> mine = sockets == null ? ConcurrentHashMap.newKeySet() : sockets;
            mine.add(connection);
            return mine;
        });
        return connection;
    }

    /**
     * Sends {@code frame} to every other open socket of {@code from}'s user on this node, never to
     * another user's: how a user's other tabs hear of a conversation created, renamed or deleted.
     */
    void toOtherTabs(Connection from, String frame) {
        for (Connection connection : of(from.user.userId())) {
            if (connection != from) {
                connection.send(frame);
            }
        }
    }

    /** Sends {@code frame} to every open socket of the user on this node (a change they all follow). */
    void toUser(String userId, String frame) {
        for (Connection connection : of(userId)) {
            connection.send(frame);
        }
    }

    private Set<Connection> of(String userId) {
        return byUser.getOrDefault(userId, Set.of());
    }

    void closed(Connection connection) {
        // A user's set goes when their last socket does (under the map's lock, so an opening socket is never lost).
        byUser.computeIfPresent(connection.user.userId(), (id, sockets) -> {
            sockets.remove(connection);
            return sockets.isEmpty() ? null : sockets;
        });
    }

    /** Open sockets (for tests and diagnostics). */
    public int size() {
        return byUser.values().stream().mapToInt(Set::size).sum();
    }

    /** Every open socket, walked lazily (sockets opened or closed meanwhile may or may not be seen). */
    private Stream<Connection> all() {
        return byUser.values().stream().flatMap(Set::stream);
    }

    private Iterable<Connection> open() {
        return () -> all().iterator();
    }

    /** Sockets closed (4408) since start-up because their reader fell too far behind. */
    public long slowReaderCloses() {
        return tooSlow.sum();
    }

    private void ping() {
        long deadline = System.currentTimeMillis() - 2 * limits.pingInterval().toMillis();
        for (Connection connection : open()) {
            if (connection.lastSeenAt() < deadline) {
                connection.abort(CloseCodes.NO_PONG, "No answer to pings");
            } else if (!connection.sendStuckFor(STUCK_MILLIS)) {
                // a peer whose last frame is still on its way is not idle, and a ping would wait behind that frame
                pinger.execute(() -> sendPing(connection));
            }
        }
    }

    private static void sendPing(Connection connection) {
        try {
            connection.session.getAsyncRemote().sendPing(ByteBuffer.allocate(0));
        } catch (java.io.IOException | RuntimeException e) {
            LOG.debug("Ping failed: {}", e.toString());
            connection.close(CloseReason.CloseCodes.CLOSED_ABNORMALLY, "ping failed");
        }
    }

    /** Looks each user up once per sweep, however many sockets they have. */
    private void revalidate() {
        Map<String, Optional<String>> verdicts = new HashMap<>();
        try {
            for (Connection connection : open()) {
                AuthenticatedUser user = connection.user;
                Optional<String> problem = verdicts.computeIfAbsent(user.tokenId(), t -> accounts.revalidate(user));
                problem.ifPresent(reason -> connection.close(CloseCodes.UNAUTHORIZED, "Sign in again: " + reason));
            }
        } catch (RuntimeException e) {
            LOG.warn("Checking the tokens of open sockets failed: {}", e.toString());
        }
    }

    private void revoked(String tokenId) {
        for (Connection connection : open()) {
            if (connection.user.tokenId().equals(tokenId)) {
                connection.close(CloseCodes.UNAUTHORIZED, "Sign in again: signed out");
            }
        }
    }

    private void signedOut(String userId) {
        for (Connection connection : List.copyOf(of(userId))) {
            connection.close(CloseCodes.UNAUTHORIZED, "Sign in again: signed out everywhere");
        }
    }

    /** Closes every socket (the service is stopping) and the timers. */
    @Override
    public void close() {
        timer.shutdownNow();
        all().toList().forEach(c -> c.close(CloseCodes.SHUTDOWN, "The service is restarting"));
        pinger.shutdownNow();
        io.shutdown();
        try {
            io.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
