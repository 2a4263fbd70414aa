package io.portagent.store;

import java.util.LinkedHashMap;
import java.util.Map;

/** The {@code settings} table of {@code portagent.db}: configuration values an admin stored in the console. */
public final class SettingsRepository {

    private final Database db;

    public SettingsRepository(Database db) {
        this.db = db;
    }

    /** Every stored value by key, in key order. */
    public Map<String, String> all() {
        return db.read(c -> {
            Map<String, String> values = new LinkedHashMap<>();
            Sql.list(c, "SELECT key, value FROM settings ORDER BY key", r -> values.put(r.getString(1),
                    r.getString(2)));
            return values;
        });
    }

    /** Stores each change in one transaction: a value replaces the stored one, null removes it. */
    public void apply(Map<String, String> changes, String updatedBy, long now) {
        db.write(c -> {
            for (Map.Entry<String, String> change : changes.entrySet()) {
                if (change.getValue() == null) {
                    Sql.update(c, "DELETE FROM settings WHERE key = ?", change.getKey());
                } else {
                    Sql.update(c, "INSERT INTO settings(key, value, updatedAt, updatedBy) VALUES (?, ?, ?, ?)"
                            + " ON CONFLICT(key) DO UPDATE SET value = excluded.value, updatedAt = excluded.updatedAt,"
                            + " updatedBy = excluded.updatedBy", change.getKey(), change.getValue(), now, updatedBy);
                }
            }
            return changes.size();
        });
    }
}
