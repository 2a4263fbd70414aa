package io.portagent.store;

import java.util.ArrayList;
import java.util.List;

/** The audit log of {@code portagent.db}: appended to, read newest first, trimmed by age. */
public final class AuditRepository {

    /** What to read: each field optional (null), {@code before} an entry id for the next page. */
    public record Filter(String action, String userId, Long from, Long to, Long before, int limit) {
    }

    private final Database db;

    public AuditRepository(Database db) {
        this.db = db;
    }

    /** Appends the entry (its id is ignored) and returns the id it got. */
    public long append(AuditRecord e) {
        return db.writeRows(c -> {
            return Sql.one(c, "INSERT INTO audit_log(timestamp, action, actorUserId, actorUsername, targetUserId,"
                    + " targetUsername, ip, detail) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id", r -> r.getLong(1),
                    e.timestamp(), e.action(), e.actorUserId(), e.actorUsername(), e.targetUserId(),
                    e.targetUsername(), e.ip(), e.detail()).orElseThrow();
        });
    }

    /** Matching entries, newest first, at most {@code filter.limit()}. */
    public List<AuditRecord> find(Filter filter) {
        StringBuilder sql = new StringBuilder("SELECT id, timestamp, action, actorUserId, actorUsername, targetUserId,"
                + " targetUsername, ip, detail FROM audit_log WHERE 1 = 1");
        List<Object> args = new ArrayList<>();
        condition(sql, args, " AND action = ?", filter.action());
        if (filter.userId() != null) {
            sql.append(" AND (actorUserId = ? OR targetUserId = ?)");
            args.add(filter.userId());
            args.add(filter.userId());
        }
        condition(sql, args, " AND timestamp >= ?", filter.from());
        condition(sql, args, " AND timestamp <= ?", filter.to());
        condition(sql, args, " AND id < ?", filter.before());
        sql.append(" ORDER BY id DESC LIMIT ?");
        args.add(filter.limit());
        return db.read(c -> Sql.list(c, sql.toString(), r -> new AuditRecord(r.getLong(1), r.getLong(2),
                r.getString(3), r.getString(4), r.getString(5), r.getString(6), r.getString(7), r.getString(8),
                r.getString(9)), args.toArray()));
    }

    private static void condition(StringBuilder sql, List<Object> args, String clause, Object value) {
        if (value != null) {
            sql.append(clause);
            args.add(value);
        }
    }

    /** Deletes entries older than {@code cutoff} (epoch ms); returns how many. */
    public int deleteOlderThan(long cutoff) {
        return db.write(c -> Sql.update(c, "DELETE FROM audit_log WHERE timestamp < ?", cutoff));
    }
}
