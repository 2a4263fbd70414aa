package io.portagent.store;

import io.portagent.store.TurnRepository.RunningTurn;
import java.util.List;
import java.util.Optional;

/**
 * The nodes serving one database ({@code nodes} in agentx.db) and the turns each runs. A node
 * beats every few seconds; one whose beat is older than the limit counts as dead, and another
 * node takes over its running turns to end them, one taker per turn.
 */
public final class NodeRepository {

    private final Database db;

    public NodeRepository(Database db) {
        this.db = db;
    }

    public void join(String nodeId, String host, long now) {
        db.writeRows(c -> Sql.update(c, "INSERT INTO nodes(nodeId, host, startedAt, heartbeatAt) VALUES (?, ?, ?, ?)"
                + " ON CONFLICT(nodeId) DO UPDATE SET heartbeatAt = excluded.heartbeatAt", nodeId, host, now, now));
    }

    /** False when the row is gone (another node took this one for dead and removed it). */
    public boolean beat(String nodeId, long now) {
        return db.writeRows(c -> Sql.update(c, "UPDATE nodes SET heartbeatAt = ? WHERE nodeId = ?", now, nodeId)) == 1;
    }

    public void leave(String nodeId) {
        db.writeRows(c -> Sql.update(c, "DELETE FROM nodes WHERE nodeId = ?", nodeId));
    }

    /** Nodes that beat since {@code since}: this one included. */
    public int alive(long since) {
        return db.read(c -> Sql.one(c, "SELECT count(*) FROM nodes WHERE heartbeatAt >= ?", r -> r.getInt(1), since))
                .orElse(0);
    }

    /** Running turns of nodes that stopped beating before {@code deadBefore}, or of no known node. */
    public List<RunningTurn> orphanedTurns(String self, long deadBefore) {
        return db.read(c -> Sql.list(c, TurnRepository.RUNNING + " LEFT JOIN nodes n ON n.nodeId = t.nodeId"
                + " WHERE t.status = 'running' AND (t.nodeId IS NULL OR (t.nodeId <> ? AND (n.nodeId IS NULL"
                + " OR n.heartbeatAt < ?)))", TurnRepository::running, self, deadBefore));
    }

    /** Makes {@code self} the owner of a dead node's running turn; false when another node took it first. */
    public boolean takeOver(RunningTurn turn, String self) {
        String previous = turn.nodeId();
        return db.writeRows(c -> previous == null
                ? Sql.update(c, "UPDATE turns SET nodeId = ? WHERE turnId = ? AND status = 'running' AND nodeId IS NULL",
                        self, turn.turn().turnId())
                : Sql.update(c, "UPDATE turns SET nodeId = ? WHERE turnId = ? AND status = 'running' AND nodeId = ?",
                        self, turn.turn().turnId(), previous)) == 1;
    }

    /** The node running the session's turn now, if one runs. */
    public Optional<String> runningOn(String sessionId) {
        return db.read(c -> Sql.one(c, "SELECT coalesce(nodeId, '') FROM turns WHERE sessionId = ? AND status = 'running'",
                r -> r.getString(1), sessionId));
    }

    /** Forgets nodes silent since {@code before} that run no turn any more. */
    public int forget(long before) {
        return db.writeRows(c -> Sql.update(c, "DELETE FROM nodes WHERE heartbeatAt < ? AND NOT EXISTS (SELECT 1 FROM turns t"
                + " WHERE t.nodeId = nodes.nodeId AND t.status = 'running')", before));
    }
}
