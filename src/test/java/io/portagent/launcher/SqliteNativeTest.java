package io.portagent.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqliteNativeTest {

    @TempDir
    Path work;

    @AfterEach
    void clear() {
        System.clearProperty(SqliteNative.PATH_PROPERTY);
        System.clearProperty(SqliteNative.NAME_PROPERTY);
    }

    @Test
    void theDriversLibraryIsCopiedOnceAndNamedToTheDriver() throws Exception {
        Path jar = Path.of(org.sqlite.JDBC.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Path unpacked = Files.createDirectories(work.resolve("war/WEB-INF/lib"));
        Files.copy(jar, unpacked.resolve("sqlite-jdbc-1.0.jar"));
        Path folder = work.resolve("war.native");

        SqliteNative.prepare(work.resolve("war"), folder);
        Path dir = Path.of(System.getProperty(SqliteNative.PATH_PROPERTY));
        Path library = dir.resolve(System.getProperty(SqliteNative.NAME_PROPERTY));
        assertTrue(dir.startsWith(folder), dir.toString());
        assertTrue(Files.size(library) > 100_000, "the library itself");
        long written = Files.getLastModifiedTime(library).toMillis();

        clear();
        Files.setLastModifiedTime(library, java.nio.file.attribute.FileTime.fromMillis(written - 60_000));
        SqliteNative.prepare(work.resolve("war"), folder);
        assertEquals(written - 60_000, Files.getLastModifiedTime(library).toMillis(), "not copied again");
        assertEquals(dir.toString(), System.getProperty(SqliteNative.PATH_PROPERTY));
    }

    @Test
    void withoutTheDriverNothingIsSet() throws Exception {
        Files.createDirectories(work.resolve("war/WEB-INF/lib"));
        SqliteNative.prepare(work.resolve("war"), work.resolve("war.native"));
        assertNull(System.getProperty(SqliteNative.PATH_PROPERTY));
    }
}
