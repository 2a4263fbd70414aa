package io.portagent.agent;

import io.portagent.agent.ConversationWatcher.Change;
import io.portagent.store.ContainerRepository;
import java.util.List;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live sync of a user's conversation list across tabs, devices and nodes: a change made here
 * (created, renamed, deleted, a turn running or done) is told to this node's watcher and, on a
 * shared store, to the other nodes as a control notice, whose watchers hear it in turn. The
 * watcher (the socket layer) decides whose sockets hear it: only that user's.
 */
final class LiveSync {

    static final String CONTROL = "conversation";
    private static final Logger LOG = LoggerFactory.getLogger(LiveSync.class);

    private final Cluster cluster;
    private final ContainerRepository containers;
    private volatile ConversationWatcher watcher = ConversationWatcher.NONE;

    /** {@code cluster} null: one node, nothing crosses. */
    LiveSync(Cluster cluster, ContainerRepository containers) {
        this.cluster = cluster;
        this.containers = containers;
        if (cluster != null) {
            cluster.onControl(CONTROL, this::heard);
        }
    }

    void watch(ConversationWatcher next) {
        this.watcher = Objects.requireNonNull(next, "watcher");
    }

    /** A change made on this node: told to this node's watcher and to the other nodes. */
    void announce(Caller caller, String conversationId, Change change) {
        try {
            watcher.changed(caller, conversationId, change, true);
        } catch (RuntimeException e) {
            LOG.warn("Telling the sockets of user {} of a change failed: {}", caller.userId(), e.toString());
        }
        if (cluster != null) {
            cluster.control(CONTROL, caller.userId(), caller.containerId(), conversationId, change.name());
        }
    }

    /**
     * A turn this node ended for another (a dead node's): its owner, known here only by the
     * container, hears that it no longer runs, on every node.
     */
    void ended(String containerId, String conversationId) {
        try {
            containers.ownerOf(containerId).ifPresentOrElse(
                    owner -> announce(new Caller(owner, containerId), conversationId, Change.IDLE),
                    () -> LOG.debug("Container {} has no owner any more: no one to tell", containerId));
        } catch (RuntimeException e) {
            LOG.warn("Could not tell the owner of container {} that a lost turn ended: {}", containerId,
                    e.toString());
        }
    }

    private void heard(List<String> args) {
        if (args.size() != 4) {
            return;
        }
        try {
            watcher.changed(new Caller(args.get(0), args.get(1)), args.get(2), Change.valueOf(args.get(3)), false);
        } catch (RuntimeException e) {
            LOG.warn("A conversation notice from another node could not be passed on: {}", e.toString());
        }
    }
}
