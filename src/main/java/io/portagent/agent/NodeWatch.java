package io.portagent.agent;

import io.portagent.store.NodeRepository;
import io.portagent.store.TurnRepository.RunningTurn;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * This node's heartbeat in the {@code nodes} table, and the watch over the others: every
 * {@link #BEAT} this node beats, and ends the running turns of nodes silent for
 * {@link #DEAD_AFTER} (partial text kept, an {@code error} event), so that a turn of a node that
 * died is ended within about {@code DEAD_AFTER + BEAT} wherever its subscribers are. A node that
 * comes back after being taken for dead joins again; turns it lost are already ended.
 */
final class NodeWatch implements AutoCloseable {

    static final Duration BEAT = Duration.ofSeconds(5);
    static final Duration DEAD_AFTER = Duration.ofSeconds(15);
    /** Silent nodes without turns leave the table after this. */
    static final Duration FORGET_AFTER = Duration.ofHours(1);
    private static final Logger LOG = LoggerFactory.getLogger(NodeWatch.class);

    private final Cluster cluster;
    private final NodeRepository nodes;
    private final Consumer<RunningTurn> endLostTurn;
    private final Clock clock;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "portagent-node-watch");
        thread.setDaemon(true);
        return thread;
    });

    NodeWatch(Cluster cluster, NodeRepository nodes, Consumer<RunningTurn> endLostTurn, Clock clock) {
        this.cluster = cluster;
        this.nodes = nodes;
        this.endLostTurn = endLostTurn;
        this.clock = clock;
    }

    /** Joins (one beat now), ends what dead nodes left running, then goes on every beat. */
    void start() {
        nodes.join(cluster.nodeId(), cluster.host(), clock.millis());
        timer.scheduleWithFixedDelay(this::round, 0, BEAT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void round() {
        try {
            long now = clock.millis();
            if (!nodes.beat(cluster.nodeId(), now)) {
                LOG.warn("Node {} was taken for dead (no beat for {} s); it joins again", cluster.nodeId(),
                        DEAD_AFTER.toSeconds());
                nodes.join(cluster.nodeId(), cluster.host(), now);
            }
            for (RunningTurn turn : nodes.orphanedTurns(cluster.nodeId(), now - DEAD_AFTER.toMillis())) {
                if (nodes.takeOver(turn, cluster.nodeId())) {
                    LOG.warn("Node {} stopped answering: ending its turn {} of conversation {}",
                            turn.nodeId() == null ? "(unknown)" : turn.nodeId(), turn.turn().turnId(),
                            turn.conversationId());
                    endLostTurn.accept(turn);
                }
            }
            nodes.forget(now - FORGET_AFTER.toMillis());
        } catch (RuntimeException e) {
            LOG.warn("The node watch could not reach the database: {}", e.getMessage());
        }
    }

    /** The node running the session's turn, if one runs. */
    Optional<String> runningOn(String sessionId) {
        return nodes.runningOn(sessionId);
    }

    /** Waits until no turn of the session runs anywhere, or {@code limit} passed. */
    void awaitEnded(String sessionId, Duration limit) {
        long end = System.nanoTime() + limit.toNanos();
        while (nodes.runningOn(sessionId).isPresent() && System.nanoTime() < end) {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Stops beating and leaves the table: this node's turns are ended by now. */
    @Override
    public void close() {
        timer.shutdownNow();
        try {
            nodes.leave(cluster.nodeId());
        } catch (RuntimeException e) {
            LOG.debug("Could not leave the nodes table: {}", e.getMessage());
        }
    }
}
