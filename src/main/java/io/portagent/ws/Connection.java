package io.portagent.ws;

import io.portagent.agent.AgentRuntime.Subscription;
import io.portagent.agent.Caller;
import io.portagent.auth.AuthenticatedUser;
import jakarta.websocket.CloseReason;
import jakarta.websocket.SendResult;
import jakarta.websocket.Session;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open socket: who it belongs to, what it subscribed to, and its outbound queue. Frames are
 * sent asynchronously, one at a time (the container allows one send in flight); callers only
 * enqueue, so a slow client never blocks a turn. A client that owes more than the queue limit
 * is disconnected (it reconnects and replays) instead of growing memory.
 */
final class Connection {

    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);

    final Session session;
    final AuthenticatedUser user;
    final Caller caller;
    final Map<String, Subscription> subscriptions = new ConcurrentHashMap<>();
    private final long queueLimit;
    /** How long a close waits for the frame in flight before the connection is dropped regardless. */
    static final long ABORT_GRACE_MILLIS = 2_000;

    private final Executor closer;
    private final ScheduledExecutorService abortTimer;
    private final Runnable tooSlow;
    private final ArrayDeque<String> queue = new ArrayDeque<>();
    private long queuedChars;
    private long replayAllowance;
    private boolean sending;
    private boolean closed;
    private boolean pumping;
    private boolean completedInline;
    /** Set when {@link #busy()} said yes: a turn may hold text until this socket has sent what it has. */
    private boolean busyAsked;
    /** When the send in flight began (ms), while {@link #sending}. */
    private long sendingSince;
    /** Runs once the send in flight ends: the close that waited for it. */
    private Runnable afterSend;
    private volatile long lastSeenAt = System.currentTimeMillis();

    Connection(Session session, AuthenticatedUser user, long queueLimit, Executor closer,
            ScheduledExecutorService abortTimer, Runnable tooSlow) {
        this.session = session;
        this.closer = closer;
        this.abortTimer = abortTimer;
        this.tooSlow = tooSlow;
        this.user = user;
        this.caller = new Caller(user.userId(), user.containerId());
        this.queueLimit = queueLimit;
    }

    /** Queues a frame; never blocks. */
    synchronized void send(String text) {
        enqueue(text, false);
    }

    /**
     * Queues a replayed frame: replay is what the client asked for, so it does not count against
     * the slow-reader limit (live frames may still owe up to the limit on top of it).
     */
    synchronized void sendReplay(String text) {
        enqueue(text, true);
    }

    private void enqueue(String text, boolean replay) {
        if (closed) {
            return;
        }
        if (replay) {
            replayAllowance += text.length();
        } else if (queuedChars + text.length() > queueLimit + replayAllowance) {
            LOG.info("Closing the socket of user {}: {} characters unsent, it reads too slowly", user.userId(),
                    queuedChars);
            tooSlow.run();
            abort(CloseCodes.TOO_SLOW, "Too far behind: reconnect and subscribe with afterSeq");
            return;
        }
        queue.add(text);
        queuedChars += text.length();
        pump();
    }

    /** Sends queued frames; a send that completes on this same thread just lets the loop go on. */
    private void pump() {
        while (!sending && !closed && !queue.isEmpty()) {
            String text = queue.poll();
            sending = true;
            sendingSince = System.currentTimeMillis();
            pumping = true;
            completedInline = false;
            try {
                session.getAsyncRemote().sendText(text, result -> sent(result, text.length()));
            } catch (RuntimeException e) {
                sending = false;
                failed(e);
            } finally {
                pumping = false;
            }
            if (!completedInline) {
                return;
            }
        }
    }

    /**
     * A send completed. When that empties the queue of a socket a turn found busy, the subscribed
     * sessions hear that it is free (the turn may hold text for it), outside this object's lock:
     * they take their own locks and append, which comes back here.
     */
    private void sent(SendResult result, int chars) {
        if (afterSent(result, chars)) {
            for (Subscription subscription : subscriptions.values()) {
                subscription.sinkFree().run();
            }
        }
    }

    /**
     * True when the queue was emptied by a completion that came on its own (not inside our own
     * send) and someone had found the socket busy since the last such notice.
     */
    private synchronized boolean afterSent(SendResult result, int chars) {
        queuedChars -= chars;
        replayAllowance = Math.max(0, replayAllowance - chars);
        sending = false;
        if (afterSend != null) {
            Runnable close = afterSend;
            afterSend = null;
            closer.execute(close);
            return false;
        }
        if (!result.isOK()) {
            failed(result.getException());
            return false;
        }
        if (pumping) {
            completedInline = true;
            return false;
        }
        pump();
        if (sending || closed || !busyAsked) {
            return false;
        }
        busyAsked = false;
        return true;
    }

    private void failed(Throwable e) {
        LOG.debug("Sending to the socket of user {} failed: {}", user.userId(), String.valueOf(e));
        close(CloseReason.CloseCodes.CLOSED_ABNORMALLY, "send failed");
    }

    void seen() {
        lastSeenAt = System.currentTimeMillis();
    }

    long lastSeenAt() {
        return lastSeenAt;
    }

    synchronized long queuedChars() {
        return queuedChars;
    }

    /** Whether a frame is on its way or waiting for one that is. */
    synchronized boolean busy() {
        boolean busy = sending || !queue.isEmpty();
        busyAsked |= busy;
        return busy;
    }

    /** Whether a frame has been on its way for longer than {@code millis}: the peer is not reading. */
    synchronized boolean sendStuckFor(long millis) {
        return sending && System.currentTimeMillis() - sendingSince > millis;
    }

    /**
     * Gives up on a peer that does not read: nothing more is queued; the close frame is written as
     * soon as the frame in flight is through (so a reader that is merely slow learns why), and the
     * connection is closed at once after it, or after {@link #ABORT_GRACE_MILLIS} whatever happens.
     */
    synchronized void abort(CloseReason.CloseCode code, String reason) {
        if (markClosed()) {
            afterFrameInFlight(once(() -> closeNow(code, reason)));
        }
    }

    /**
     * Runs {@code close} on the closer thread once the frame in flight is through (at once if none
     * is), or after {@link #ABORT_GRACE_MILLIS} if it never is. A close frame must not be written
     * while a text frame is: containers refuse it (Tomcat's invalid-state error), then drop the
     * connection, and the peer sees a reset instead of the close code.
     */
    private void afterFrameInFlight(Runnable close) {
        if (!sending) {
            closer.execute(close);
            return;
        }
        afterSend = close;
        try {
            abortTimer.schedule(() -> closer.execute(close), ABORT_GRACE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException stopping) {
            closer.execute(close); // the service is stopping: no grace
        }
    }

    /** Stops queueing for good; false if that had already happened. */
    private boolean markClosed() {
        if (closed) {
            return false;
        }
        closed = true;
        queue.clear();
        queuedChars = 0;
        replayAllowance = 0;
        return true;
    }

    private static Runnable once(Runnable action) {
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        return () -> {
            if (done.compareAndSet(false, true)) {
                action.run();
            }
        };
    }

    private void closeNow(CloseReason.CloseCode code, String reason) {
        try {
            SocketCloser.abort(session, new CloseReason(code, reason));
        } catch (IOException | IllegalStateException e) {
            LOG.debug("Closing a socket failed: {}", e.toString());
        }
    }

    /**
     * Closes the socket with a reason the client can read; safe to call more than once. The close
     * frame waits for the frame in flight (see {@link #afterFrameInFlight}), then the container's
     * own close runs, which goes on reading until the peer's close frame (so a client still sending
     * a message that was too big reads 1009, not a reset). It runs on the closer thread: it runs the
     * endpoint's close handling, which takes session-log locks that a caller of this method may be
     * holding in the other order.
     */
    synchronized void close(CloseReason.CloseCode code, String reason) {
        if (markClosed()) {
            afterFrameInFlight(once(() -> closeGracefully(code, reason)));
        }
    }

    private void closeGracefully(CloseReason.CloseCode code, String reason) {
        try {
            if (session.isOpen()) {
                session.close(new CloseReason(code, reason));
            }
        } catch (IOException | IllegalStateException e) {
            LOG.debug("Closing a socket failed: {}", e.toString());
        }
    }

    synchronized boolean isClosed() {
        return closed;
    }
}
