package io.portagent.agent;

import io.portagent.store.Database;
import io.portagent.store.Notifications;
import io.portagent.store.Notifications.Notice;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node among the others on one PostgreSQL database. What it tells them and hears from them
 * travels as notices (LISTEN/NOTIFY): the events its turns append, as they are appended; that a
 * session's events are committed up to a seq (so a receiver that missed or could not be sent an
 * event reads it from the store); and control notices (stop a turn, a token revoked, settings
 * changed). Outgoing notices wait a few milliseconds in a queue so that one round trip carries
 * many; appending an event only enqueues it.
 *
 * <p>Payload lines: {@code E node session} followed by one line per event ({@code seq type time json}); {@code C node session
 * seq}; {@code X node kind arg...}. A node ignores its own notices.
 */
public final class Cluster implements AutoCloseable {

    /** What the runtime does with what other nodes say about sessions. */
    interface Receiver {
        void events(String sessionId, List<String> lines);

        void committed(String sessionId, long seq);

        /** Notices may have been lost while the listening connection was down. */
        void reconnected();
    }

    static final String EVENTS = "portagent_events";
    static final String CONTROL = "portagent_control";
    /** How long an outgoing notice waits for others to share its round trip. */
    static final long FLUSH_MILLIS = 5;
    private static final Logger LOG = LoggerFactory.getLogger(Cluster.class);
    private static final Receiver NOBODY = new Receiver() {
        @Override
        public void events(String sessionId, List<String> lines) {
        }

        @Override
        public void committed(String sessionId, long seq) {
        }

        @Override
        public void reconnected() {
        }
    };

    private record Outgoing(String sessionId, String channel, String text) {
    }

    private final String nodeId;
    private final String host;
    private final Database agents;
    private final LinkedBlockingQueue<Outgoing> outbox = new LinkedBlockingQueue<>();
    private final Map<String, Consumer<List<String>>> controls = new ConcurrentHashMap<>();
    private final Thread sender;
    private final Notifications notifications;
    private volatile Receiver receiver = NOBODY;

    private final List<Runnable> reconnects = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile boolean closed;

    private Cluster(Database agents) {
        this.agents = agents;
        this.host = hostName();
        this.nodeId = host + "-" + UUID.randomUUID().toString().substring(0, 8);
        this.notifications = Notifications.listen(agents, List.of(EVENTS, CONTROL), this::received,
                this::reconnected);
        this.sender = new Thread(this::sendLoop, "portagent-cluster-send");
        this.sender.setDaemon(true);
        this.sender.start();
    }

    /** Joins the nodes of {@code agents}' PostgreSQL database. */
    public static Cluster join(Database agents) {
        Cluster cluster = new Cluster(agents);
        LOG.info("Node {} joins the nodes on {}", cluster.nodeId, agents.source().describe());
        return cluster;
    }

    public String nodeId() {
        return nodeId;
    }

    String host() {
        return host;
    }

    Database agents() {
        return agents;
    }

    void receiver(Receiver receiver) {
        this.receiver = receiver;
    }

    /** Another node's control notice of {@code kind} is handed to {@code handler} with its arguments. */
    public void onControl(String kind, Consumer<List<String>> handler) {
        controls.put(kind, handler);
    }

    /** Runs after the listening connection was made again: notices sent meanwhile were lost. */
    public void onReconnect(Runnable action) {
        reconnects.add(action);
    }

    private void reconnected() {
        receiver.reconnected();
        for (Runnable action : reconnects) {
            try {
                action.run();
            } catch (RuntimeException e) {
                LOG.warn("Catching up after a lost notice connection failed: {}", e.getMessage());
            }
        }
    }

    /** Tells the other nodes: {@code kind} with {@code args} (no spaces or line breaks in them). */
    public void control(String kind, String... args) {
        outbox.add(new Outgoing(null, CONTROL, "X " + nodeId + " " + kind + (args.length == 0 ? ""
                : " " + String.join(" ", args))));
    }

    /** An event this node appended to a session: on its way to the other nodes. Called under the session's lock. */
    void relay(String sessionId, AgentEvent event) {
        outbox.add(new Outgoing(sessionId, EVENTS, line(event)));
    }

    /** An event as a notice line: its seq, type and time first, so that receivers need not parse its JSON. */
    static String line(AgentEvent event) {
        return event.seq() + " " + event.type().wireName() + " " + event.timestamp() + " " + event.json();
    }

    /** Reads back a {@link #line}. */
    static AgentEvent event(String line) {
        int first = line.indexOf(' ');
        int second = line.indexOf(' ', first + 1);
        int third = line.indexOf(' ', second + 1);
        return new AgentEvent(EventType.of(line.substring(first + 1, second)), Long.parseLong(line.substring(0, first)),
                Long.parseLong(line.substring(second + 1, third)), line.substring(third + 1));
    }

    /** The session's events up to {@code seq} are committed. */
    void committed(String sessionId, long seq) {
        outbox.add(new Outgoing(null, EVENTS, "C " + nodeId + " " + sessionId + " " + seq));
    }

    private void sendLoop() {
        List<Outgoing> batch = new ArrayList<>();
        while (!closed) {
            try {
                Outgoing first = outbox.poll(500, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                Thread.sleep(FLUSH_MILLIS);
                batch.add(first);
                outbox.drainTo(batch);
                send(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                // the events stay in the store; receivers catch up with the next commit notice
                LOG.warn("Could not tell the other nodes {} notice(s): {}", batch.size(), e.getMessage());
            } finally {
                batch.clear();
            }
        }
    }

    /** Event lines grouped per session, in order, into payloads under the size limit; the rest as they are. */
    private void send(List<Outgoing> batch) {
        List<Notice> notices = new ArrayList<>();
        Map<String, StringBuilder> open = new LinkedHashMap<>();
        for (Outgoing out : batch) {
            if (out.sessionId() == null) {
                flush(open, notices);
                notices.add(new Notice(out.channel(), out.text()));
                continue;
            }
            String header = "E " + nodeId + " " + out.sessionId();
            if (header.length() + 1 + out.text().length() > Notifications.MAX_PAYLOAD) {
                continue; // too large for a notice: receivers read it from the store after its commit notice
            }
            StringBuilder payload = open.get(out.sessionId());
            if (payload != null && payload.length() + 1 + out.text().length() > Notifications.MAX_PAYLOAD) {
                notices.add(new Notice(EVENTS, payload.toString()));
                payload = null;
            }
            if (payload == null) {
                payload = new StringBuilder(header);
                open.put(out.sessionId(), payload);
            }
            payload.append('\n').append(out.text());
        }
        flush(open, notices);
        notifications.send(notices);
    }

    private static void flush(Map<String, StringBuilder> open, List<Notice> notices) {
        open.values().forEach(p -> notices.add(new Notice(EVENTS, p.toString())));
        open.clear();
    }

    private void received(Notice notice) {
        String payload = notice.payload();
        int lineEnd = payload.indexOf('\n');
        String[] head = (lineEnd < 0 ? payload : payload.substring(0, lineEnd)).split(" ");
        if (head.length < 3 || head[1].equals(nodeId)) {
            return;
        }
        switch (head[0]) {
            case "E" -> receiver.events(head[2], lineEnd < 0 ? List.of()
                    : Arrays.asList(payload.substring(lineEnd + 1).split("\n")));
            case "C" -> receiver.committed(head[2], Long.parseLong(head[3]));
            case "X" -> {
                Consumer<List<String>> handler = controls.get(head[2]);
                if (handler != null) {
                    handler.accept(Arrays.asList(head).subList(3, head.length));
                }
            }
            default -> LOG.debug("Unknown notice from node {}: {}", head[1], head[0]);
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9._-]", "");
        } catch (UnknownHostException e) {
            return "node";
        }
    }

    @Override
    public void close() {
        closed = true;
        sender.interrupt();
        try {
            sender.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        List<Outgoing> rest = new ArrayList<>();
        outbox.drainTo(rest);
        try {
            send(rest); // the last commit notices of turns this shutdown closed
        } catch (RuntimeException e) {
            LOG.debug("Could not send the last notices: {}", e.toString());
        }
        notifications.close();
    }
}
