package io.portagent.store;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The token ledger ({@code token_usage} in {@code agentx.db}): a turn's tokens, who used them and
 * on which model, written in the transaction of the turn's own row, and kept when the conversation
 * or the user is deleted.
 */
public final class UsageRepository {

    /** One turn's entry; {@code day} is {@code YYYY-MM-DD} in the server's time zone. */
    public record TurnTokens(String turnId, String userId, String model, String day, long startedAt,
            int inputTokens, int outputTokens) {
    }

    /** Tokens of one user on one model on one day. */
    public record DailyUse(String day, String userId, String model, long turns, long inputTokens,
            long outputTokens) {
    }

    private final Database db;

    public UsageRepository(Database db) {
        this.db = db;
    }

    /** Inserts the turn's entry or brings it up to date; part of the caller's transaction. */
    static void record(Connection c, TurnTokens t) throws SQLException {
        Sql.update(c, "INSERT INTO token_usage(turnId, userId, model, day, startedAt, inputTokens, outputTokens)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT(turnId) DO UPDATE SET inputTokens = excluded.inputTokens,"
                + " outputTokens = excluded.outputTokens", t.turnId(), t.userId(), t.model(), t.day(), t.startedAt(),
                t.inputTokens(), t.outputTokens());
    }

    /** Records the tokens of a call outside a turn, in a transaction of its own. */
    public void add(TurnTokens t) {
        db.writeRows(c -> {
            record(c, t);
            return null;
        });
    }

    /** Input plus output tokens the user used on {@code day}. */
    public long usedOn(String userId, String day) {
        return db.read(c -> Sql.one(c, "SELECT coalesce(sum(inputTokens + outputTokens), 0) FROM token_usage"
                + " WHERE userId = ? AND day = ?", r -> r.getLong(1), userId, day)).orElse(0L);
    }

    /** Per day, user and model, from {@code fromDay} to {@code toDay} inclusive; one user's only if {@code userId} is set. */
    public List<DailyUse> daily(String fromDay, String toDay, String userId) {
        List<Object> args = new ArrayList<>(List.of(fromDay, toDay));
        String where = "WHERE day >= ? AND day <= ?";
        if (userId != null) {
            where += " AND userId = ?";
            args.add(userId);
        }
        String sql = "SELECT day, userId, coalesce(model, ''), count(*), sum(inputTokens), sum(outputTokens)"
                + " FROM token_usage " + where + " GROUP BY day, userId, model ORDER BY day, userId, model";
        return db.read(c -> Sql.list(c, sql, r -> new DailyUse(r.getString(1), r.getString(2), r.getString(3),
                r.getLong(4), r.getLong(5), r.getLong(6)), args.toArray()));
    }
}
