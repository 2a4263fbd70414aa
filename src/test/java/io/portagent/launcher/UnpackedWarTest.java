package io.portagent.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class UnpackedWarTest {

    @TempDir
    Path work;

    @AfterEach
    void release() throws IOException {
        UnpackedWar.release();
    }

    private final ByteArrayOutputStream said = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(said, true, StandardCharsets.UTF_8);

    private Map<String, String> env() {
        return Map.of(UnpackedWar.CACHE_HOME, work.resolve("cache").toString());
    }

    private Path war(String name, String classContent) throws IOException {
        Path war = work.resolve(name);
        try (OutputStream file = Files.newOutputStream(war); ZipOutputStream zip = new ZipOutputStream(file)) {
            zip.putNextEntry(new ZipEntry("WEB-INF/"));
            zip.putNextEntry(new ZipEntry("WEB-INF/classes/A.class"));
            zip.write(classContent.getBytes(StandardCharsets.UTF_8));
            zip.putNextEntry(new ZipEntry("index.html"));
            zip.write("<html>".getBytes(StandardCharsets.UTF_8));
        }
        return war;
    }

    @Test
    void theSameWarIsUnpackedOnceAndReused() throws IOException {
        Path war = war("portagent.war", "one");
        Path first = UnpackedWar.prepare(war, env(), out);
        assertTrue(first.startsWith(work.resolve("cache/portagent/war")), first.toString());
        assertEquals("one", Files.readString(first.resolve("WEB-INF/classes/A.class")));
        assertTrue(said.toString().contains("Unpacked portagent.war into " + first), said.toString());
        said.reset();

        Path again = UnpackedWar.prepare(war, env(), out);
        assertEquals(first, again);
        assertEquals("", said.toString(), "nothing unpacked the second time");
    }

    @Test
    void aReplacedWarGetsAFolderOfItsOwnAndOnlyTheTwoLastStartedUnusedOnesAreKept() throws IOException {
        Path war = war("portagent.war", "one");
        Path first = UnpackedWar.prepare(war, env(), out);
        UnpackedWar.release(); // that launcher stopped
        // Same size, same entries: only the content (CRC) and the file's time differ.
        war("portagent.war", "two");
        Files.setLastModifiedTime(war, FileTime.fromMillis(Files.getLastModifiedTime(war).toMillis() + 1000));
        Path second = UnpackedWar.prepare(war, env(), out);
        UnpackedWar.release();
        assertNotEquals(first, second);
        assertEquals("two", Files.readString(second.resolve("WEB-INF/classes/A.class")));
        assertTrue(Files.exists(first), "kept for a rollback");

        war("portagent.war", "six");
        Files.setLastModifiedTime(war, FileTime.fromMillis(Files.getLastModifiedTime(war).toMillis() + 2000));
        lastStarted(first, 3_000_000);
        lastStarted(second, 2_000_000);
        Path third = UnpackedWar.prepare(war, env(), out);
        UnpackedWar.release();
        assertTrue(Files.exists(first) && Files.exists(second), "two others are kept");

        war("portagent.war", "ten");
        Files.setLastModifiedTime(war, FileTime.fromMillis(Files.getLastModifiedTime(war).toMillis() + 3000));
        lastStarted(third, 1_000_000);
        Path fourth = UnpackedWar.prepare(war, env(), out);
        assertFalse(Files.exists(first), "the one started longest ago goes");
        assertFalse(Files.exists(first.resolveSibling(first.getFileName() + ".lock")));
        assertTrue(Files.exists(second) && Files.exists(third) && Files.exists(fourth));
    }

    /** Sets the folder's last start to {@code ago} milliseconds before now. */
    private static void lastStarted(Path folder, long ago) throws IOException {
        Files.setLastModifiedTime(folder.resolveSibling(folder.getFileName() + ".lock"),
                FileTime.fromMillis(System.currentTimeMillis() - ago));
    }

    @Test
    void aFolderInUseByAnotherLauncherIsKept() throws IOException {
        Path war = war("portagent.war", "one");
        Path root = work.resolve("cache/portagent/war");
        Path other = Files.createDirectories(root.resolve("0123456789abcdef0123456789abcdef"));
        try (FileChannel channel = FileChannel.open(root.resolve("0123456789abcdef0123456789abcdef.lock"),
                StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
             FileLock held = channel.lock(0, Long.MAX_VALUE, true)) {
            UnpackedWar.prepare(war, env(), out);
            assertTrue(Files.exists(other), "its lock is held");
        }
    }

    @Test
    void anIncompleteFolderIsUnpackedAgain() throws IOException {
        Path war = war("portagent.war", "one");
        Path first = UnpackedWar.prepare(war, env(), out);
        Files.delete(first.resolve("WEB-INF/classes/A.class")); // a temp cleaner's work, say
        said.reset();
        Path again = UnpackedWar.prepare(war, env(), out);
        assertEquals(first, again);
        assertEquals("one", Files.readString(again.resolve("WEB-INF/classes/A.class")));
        assertTrue(said.toString().contains("Unpacked"), said.toString());
        try (Stream<Path> left = Files.list(work.resolve("cache/portagent/war"))) {
            assertEquals(1, left.filter(Files::isDirectory).count(), "no leftover folders");
        }
    }

    @Test
    void withoutAUsableCacheItUnpacksIntoATemporaryFolder() throws IOException {
        Path war = war("portagent.war", "one");
        Path notADirectory = Files.writeString(work.resolve("cache"), "x");
        Path dir = UnpackedWar.prepare(war, Map.of(UnpackedWar.CACHE_HOME, notADirectory.toString()), out);
        assertFalse(dir.startsWith(work), dir.toString());
        assertEquals("one", Files.readString(dir.resolve("WEB-INF/classes/A.class")));
        assertTrue(said.toString().contains("unpacking it into a temporary folder instead"), said.toString());
        TempFiles.deleteTree(dir);
    }

    @Test
    void anEntryOutsideTheFolderIsRefused() throws IOException {
        Path war = work.resolve("evil.war");
        try (OutputStream file = Files.newOutputStream(war); ZipOutputStream zip = new ZipOutputStream(file)) {
            zip.putNextEntry(new ZipEntry("../outside.txt"));
            zip.write('x');
        }
        assertThrows(IOException.class, () -> UnpackedWar.prepare(war, env(), out));
        assertFalse(Files.exists(work.resolve("cache/portagent/outside.txt")));
        assertFalse(Files.exists(work.resolve("outside.txt")));
        assertTrue(said.toString().contains("points outside the folder"), said.toString());
    }
}
