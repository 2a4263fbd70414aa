package io.portagent.store;

import java.util.List;

/** Admin-made invite codes ({@code invites} in {@code portagent.db}). */
public final class InviteRepository {

    private final Database db;

    public InviteRepository(Database db) {
        this.db = db;
    }

    /** Newest first. */
    public List<InviteRecord> list() {
        return db.read(c -> Sql.list(c, "SELECT code, note, createdAt, createdBy, expiresAt, maxUses, uses, revoked"
                + " FROM invites ORDER BY createdAt DESC, rowid DESC", r -> new InviteRecord(r.getString(1),
                r.getString(2), r.getLong(3), r.getString(4), r.getLong(5), r.getInt(6), r.getInt(7),
                r.getInt(8) == 1)));
    }

    public void create(InviteRecord invite) {
        db.write(c -> Sql.update(c, "INSERT INTO invites(code, note, createdAt, createdBy, expiresAt, maxUses, uses,"
                + " revoked) VALUES (?, ?, ?, ?, ?, ?, 0, 0)", invite.code(), invite.note(), invite.createdAt(),
                invite.createdBy(), invite.expiresAt(), invite.maxUses()));
    }

    /** Counts one use if the code is valid now (not revoked, not expired, uses left); false otherwise. */
    public boolean claim(String code, long now) {
        return db.write(c -> Sql.update(c, "UPDATE invites SET uses = uses + 1 WHERE code = ? AND revoked = 0"
                + " AND expiresAt > ? AND uses < maxUses", code, now)) == 1;
    }

    /** Gives back a use claimed by a registration that then failed. */
    public void unclaim(String code) {
        db.write(c -> Sql.update(c, "UPDATE invites SET uses = uses - 1 WHERE code = ? AND uses > 0", code));
    }

    public boolean revoke(String code) {
        return db.write(c -> Sql.update(c, "UPDATE invites SET revoked = 1 WHERE code = ?", code)) == 1;
    }
}
