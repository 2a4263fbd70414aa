package io.portagent.store;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** Groups of users ({@code user_groups}), the models each allows and its members, in {@code portagent.db}. */
public final class GroupRepository {

    private static final String SELECT = "SELECT g.groupId, g.name, g.description, (SELECT string_agg(model,"
            + " '\n' ORDER BY model) FROM group_models m WHERE m.groupId = g.groupId),"
            + " g.dailyTokenLimit, (SELECT count(*) FROM group_members m WHERE m.groupId = g.groupId), g.createdAt,"
            + " g.updatedAt FROM user_groups g";

    private final Database db;

    public GroupRepository(Database db) {
        this.db = db;
    }

    public List<GroupRecord> list() {
        return db.read(c -> Sql.list(c, SELECT + " ORDER BY g.name", GroupRepository::group));
    }

    public Optional<GroupRecord> find(String groupId) {
        return db.read(c -> Sql.one(c, SELECT + " WHERE g.groupId = ?", GroupRepository::group, groupId));
    }

    /** The groups {@code userId} is a member of. */
    public List<GroupRecord> ofUser(String userId) {
        return db.read(c -> Sql.list(c, SELECT + " WHERE g.groupId IN (SELECT groupId FROM group_members"
                + " WHERE userId = ?) ORDER BY g.name", GroupRepository::group, userId));
    }

    public List<String> memberIds(String groupId) {
        return db.read(c -> Sql.list(c, "SELECT userId FROM group_members WHERE groupId = ? ORDER BY addedAt",
                r -> r.getString(1), groupId));
    }

    /** Inserts the group with its models; {@link DuplicateException} when the name is taken. */
    public void create(GroupRecord group) {
        db.write(c -> {
            requireFreeName(c, group.name(), group.groupId());
            Sql.update(c, "INSERT INTO user_groups(groupId, name, description, dailyTokenLimit, createdAt, updatedAt)"
                    + " VALUES (?, ?, ?, ?, ?, ?)", group.groupId(), group.name(), group.description(),
                    group.dailyTokenLimit(), group.createdAt(), group.updatedAt());
            return setModels(c, group.groupId(), group.models());
        });
    }

    /** Replaces the group's fields and models; false when there is no such group. */
    public boolean update(GroupRecord group) {
        return db.write(c -> {
            requireFreeName(c, group.name(), group.groupId());
            if (Sql.update(c, "UPDATE user_groups SET name = ?, description = ?, dailyTokenLimit = ?, updatedAt = ?"
                    + " WHERE groupId = ?", group.name(), group.description(), group.dailyTokenLimit(),
                    group.updatedAt(), group.groupId()) == 0) {
                return false;
            }
            setModels(c, group.groupId(), group.models());
            return true;
        });
    }

    public boolean delete(String groupId) {
        return db.write(c -> Sql.update(c, "DELETE FROM user_groups WHERE groupId = ?", groupId)) == 1;
    }

    public void addMember(String groupId, String userId, long now) {
        db.write(c -> Sql.update(c, "INSERT INTO group_members(groupId, userId, addedAt) VALUES (?, ?, ?)"
                + " ON CONFLICT DO NOTHING",
                groupId, userId, now));
    }

    public boolean removeMember(String groupId, String userId) {
        return db.write(c -> Sql.update(c, "DELETE FROM group_members WHERE groupId = ? AND userId = ?", groupId,
                userId)) == 1;
    }

    private static void requireFreeName(Connection c, String name, String groupId) throws SQLException {
        if (Sql.one(c, "SELECT 1 FROM user_groups WHERE name = ? AND groupId <> ?", r -> 1, name, groupId)
                .isPresent()) {
            throw new DuplicateException("Group", name);
        }
    }

    private static int setModels(Connection c, String groupId, List<String> models) throws SQLException {
        Sql.update(c, "DELETE FROM group_models WHERE groupId = ?", groupId);
        for (String model : models) {
            Sql.update(c, "INSERT INTO group_models(groupId, model) VALUES (?, ?)"
                    + " ON CONFLICT DO NOTHING", groupId, model);
        }
        return models.size();
    }

    private static GroupRecord group(ResultSet r) throws SQLException {
        String models = r.getString(4);
        return new GroupRecord(r.getString(1), r.getString(2), r.getString(3),
                models == null ? List.of() : Arrays.asList(models.split("\n")), r.getLong(5), r.getInt(6),
                r.getLong(7), r.getLong(8));
    }
}
