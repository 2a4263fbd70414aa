package io.portagent.store;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A write failed because the disk holding the database is full: {@code SQLITE_FULL}, or an
 * {@code SQLITE_IOERR} while the data directory has no usable space left. Nothing already
 * committed is affected (SQLite rolled the transaction back); the same write succeeds once
 * space is freed, without a restart.
 */
public class DiskFullException extends StoreException {
    private static final long serialVersionUID = 1L;

    /** What a user is told, whatever they were doing: the same sentence over REST and WebSocket. */
    public static final String USER_MESSAGE = "The server is out of disk space, so this could not be saved."
            + " Everything saved before is safe; try again later, or tell the operator.";

    private final transient Optional<Path> directory;

    DiskFullException(String database, Optional<Path> directory, Throwable cause) {
        super(database + ": write failed, the disk holding " + directory.map(Path::toString).orElse("it")
                + " is full: " + cause.getMessage(), cause);
        this.directory = directory;
    }

    /** The folder the database lives in, when known: where space must be freed. */
    public Optional<Path> directory() {
        return directory;
    }
}
