package io.portagent.store;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Optional;
import java.util.OptionalLong;

/** Tells a full disk apart from other write failures, and says how much room is left. */
final class DiskSpace {

    /** SQLite's primary result codes (the low byte of an extended code). */
    private static final int SQLITE_IOERR = 10;
    private static final int SQLITE_FULL = 13;
    /** Below this, an I/O error on write is taken for a full disk (a short write reports IOERR, not FULL). */
    static final long NEARLY_FULL_BYTES = 1024 * 1024;

    private DiskSpace() {
    }

    /** Whether {@code e} means "no space left" for a database in {@code directory}. */
    static boolean isFull(SQLException e, Optional<Path> directory) {
        int primary = e.getErrorCode() & 0xff;
        if (primary == SQLITE_FULL) {
            return true;
        }
        return primary == SQLITE_IOERR && usable(directory).stream().anyMatch(free -> free < NEARLY_FULL_BYTES);
    }

    /** Bytes this process may still write in {@code directory}, if it can be read. */
    static OptionalLong usable(Optional<Path> directory) {
        if (directory.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Files.getFileStore(directory.get()).getUsableSpace());
        } catch (IOException | SecurityException e) {
            return OptionalLong.empty();
        }
    }

    /** "12 KB free", or "free space unknown". */
    static String describeFree(Optional<Path> directory) {
        OptionalLong free = usable(directory);
        return free.isPresent() ? free.getAsLong() / 1024 + " KB free" : "free space unknown";
    }
}
