package io.portagent.ws;

import io.portagent.agent.AgentEvent;
import io.portagent.agent.EventSink;
import java.util.ArrayList;
import java.util.List;

/** A subscriber sink that holds events until the subscribe answer has been queued, then passes them straight on. */
final class HeldSink implements EventSink {

    private final Connection connection;
    private List<String> held = new ArrayList<>();

    HeldSink(Connection connection) {
        this.connection = connection;
    }

    @Override
    public synchronized void accept(AgentEvent event) {
        if (held != null) {
            held.add(event.json());
        } else {
            connection.send(event.json());
        }
    }

    @Override
    public synchronized boolean busy() {
        return held != null || connection.busy();
    }

    synchronized void release() {
        held.forEach(connection::sendReplay);
        held = null;
    }
}
