package io.portagent.agent;

import io.portagent.agent.Sessions.Session;
import java.util.List;

/** What other nodes say about sessions this node holds: their events, their commits, a lost notice connection. */
final class ClusterReceiver implements Cluster.Receiver {

    private final Sessions sessions;

    ClusterReceiver(Sessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public void events(String sessionId, List<String> lines) {
        sessions.find(sessionId).map(Session::feed).ifPresent(feed -> feed.live(lines.stream()
                .filter(line -> !line.isEmpty()).map(Cluster::event).toList()));
    }

    @Override
    public void committed(String sessionId, long seq) {
        sessions.find(sessionId).map(Session::feed).ifPresent(feed -> feed.committed(seq));
    }

    @Override
    public void reconnected() {
        sessions.forEach(session -> {
            if (session.feed() != null) {
                session.feed().requestCatchUp();
            }
        });
    }
}
