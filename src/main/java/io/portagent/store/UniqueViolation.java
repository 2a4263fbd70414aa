package io.portagent.store;

import java.sql.SQLException;
import java.util.Locale;

/** Whether a failed statement broke a unique constraint, on either engine. */
final class UniqueViolation {

    private static final int SQLITE_CONSTRAINT_UNIQUE = 2067;
    private static final int SQLITE_CONSTRAINT_PRIMARYKEY = 1555;

    private UniqueViolation() {
    }

    static boolean is(SQLException e) {
        if ("23505".equals(e.getSQLState())) {
            return true;
        }
        int code = e.getErrorCode();
        return code == SQLITE_CONSTRAINT_UNIQUE || code == SQLITE_CONSTRAINT_PRIMARYKEY
                || String.valueOf(e.getMessage()).toUpperCase(Locale.ROOT).contains("UNIQUE CONSTRAINT FAILED");
    }
}
