package io.portagent.store;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;

/** What a PostgreSQL error means to the service, by its SQLSTATE, and its cause in one line for operators. */
final class PostgresErrors {

    private PostgresErrors() {
    }

    /** A serialization failure or a deadlock: the transaction may simply run again. */
    static boolean isConflict(SQLException e) {
        return "40001".equals(e.getSQLState()) || "40P01".equals(e.getSQLState());
    }

    /** The server cannot be reached, went away, or is starting or stopping. */
    static boolean isConnectionLost(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLTransientConnectionException) {
                return true;
            }
            if (t instanceof SQLException sql && sql.getSQLState() != null) {
                String state = sql.getSQLState();
                if (state.startsWith("08") || state.startsWith("57P")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The innermost message, first line: "password authentication failed for user ...", "Connection ... refused". */
    static String cause(Throwable e) {
        Throwable inner = e;
        while (inner.getCause() != null && inner.getCause() != inner && inner.getCause().getMessage() != null) {
            inner = inner.getCause();
        }
        String message = String.valueOf(inner.getMessage()).strip();
        int newline = message.indexOf('\n');
        return newline < 0 ? message : message.substring(0, newline);
    }
}
