package io.portagent.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The WAR unpacked into a folder, for the launcher's class loader and for Tomcat (which would
 * otherwise unpack all of it into a new temporary folder at every start: a sixth of a start).
 *
 * <p>The folder is kept in the OS user's cache, {@code $XDG_CACHE_HOME/portagent/war/<fingerprint>}
 * ({@code ~/.cache/...} without it), and reused by the next start of the same WAR. The fingerprint
 * covers the WAR file's size and modification time and every entry's name, size, time and CRC: a
 * replaced WAR gets a folder of its own, never the classes of the one before. A folder is used
 * only once it is complete (a marker written last, and every file of the WAR present at its size);
 * otherwise it is unpacked again. Every running launcher holds a shared lock on its folder's lock
 * file, and a launcher removes the folders of other WARs that no process holds, but for the two
 * started last: only the WARs in use and the two before keep a folder (each with the SQLite
 * driver's native library beside it, {@link SqliteNative}). When the cache cannot be used (no
 * writable home folder), the WAR is unpacked into a temporary folder removed at exit, as before.
 */
final class UnpackedWar {

    /** The environment variable naming the cache root (the XDG base directory convention). */
    static final String CACHE_HOME = "XDG_CACHE_HOME";
    private static final String COMPLETE = ".portagent-unpacked";
    private static final String LOCK_SUFFIX = ".lock";
    private static final String UNPACKING = ".unpacking";
    /** How many folders of other WARs no launcher holds are kept, the most recently started first. */
    static final int KEPT = 2;
    /** Held until the JVM exits: while it is, no other launcher removes this folder. */
    private static FileLock inUse;

    private UnpackedWar() {
    }

    /** The folder holding the unpacked {@code war}; messages for the operator (a new folder, a fallback) go to {@code out}. */
    static Path prepare(Path war, Map<String, String> env, PrintStream out) throws IOException {
        try (ZipFile zip = new ZipFile(war.toFile())) {
            List<? extends ZipEntry> entries = Collections.list(zip.entries());
            Path root = cacheRoot(env);
            if (root != null) {
                try {
                    return cached(war, zip, entries, root, out);
                } catch (IOException | RuntimeException e) {
                    out.println("Note: cannot keep the unpacked WAR in " + root + " (" + e
                            + "); unpacking it into a temporary folder instead");
                }
            }
            Path dir = Files.createTempDirectory("portagent-war");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> TempFiles.deleteTree(dir), "portagent-cleanup-war"));
            unpack(zip, entries, dir);
            return dir;
        }
    }

    /** {@code $XDG_CACHE_HOME/portagent/war}, else {@code ~/.cache/portagent/war}; null without either. */
    static Path cacheRoot(Map<String, String> env) {
        String xdg = env.get(CACHE_HOME);
        if (xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "portagent", "war");
        }
        String home = System.getProperty("user.home");
        if (home == null || home.isBlank() || "?".equals(home)) {
            return null;
        }
        return Path.of(home, ".cache", "portagent", "war");
    }

    private static Path cached(Path war, ZipFile zip, List<? extends ZipEntry> entries, Path root, PrintStream out)
            throws IOException {
        createPrivateDirectories(root);
        String name = fingerprint(war, entries);
        Path dir = root.resolve(name);
        lockShared(root.resolve(name + LOCK_SUFFIX));
        if (!complete(dir, entries)) {
            // One launcher at a time unpacks: two starting the same new WAR must not replace each other's folder.
            try (FileChannel channel = FileChannel.open(root.resolve(UNPACKING), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE); FileLock unpacking = channel.lock()) {
                if (!complete(dir, entries)) {
                    Path fresh = Files.createTempDirectory(root, name + ".");
                    unpack(zip, entries, fresh);
                    Files.writeString(fresh.resolve(COMPLETE), war.getFileName() + "\n", StandardCharsets.UTF_8);
                    replace(dir, fresh, root);
                    out.println("Unpacked " + war.getFileName() + " into " + dir
                            + " (later starts of the same WAR reuse it)");
                }
            }
        }
        removeUnused(root, name);
        SqliteNative.prepare(dir, root.resolve(name + ".native"));
        return dir;
    }

    /** SHA-256 of the WAR's size and time and of each entry's name, size, time and CRC, in hex (32 digits). */
    static String fingerprint(Path war, List<? extends ZipEntry> entries) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        StringBuilder text = new StringBuilder();
        text.append(Files.size(war)).append(' ').append(Files.getLastModifiedTime(war).toMillis()).append('\n');
        for (ZipEntry entry : entries) {
            text.append(entry.getName()).append(' ').append(entry.getSize()).append(' ').append(entry.getTime())
                    .append(' ').append(entry.getCrc()).append('\n');
        }
        return HexFormat.of().formatHex(digest.digest(text.toString().getBytes(StandardCharsets.UTF_8)), 0, 16);
    }

    /** The marker written last is there, and every file of the WAR at its size (a partly cleaned cache is not complete). */
    static boolean complete(Path dir, List<? extends ZipEntry> entries) {
        if (!Files.isRegularFile(dir.resolve(COMPLETE))) {
            return false;
        }
        try {
            for (ZipEntry entry : entries) {
                if (!entry.isDirectory() && Files.size(target(dir, entry)) != entry.getSize()) {
                    return false;
                }
            }
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    static void unpack(ZipFile zip, List<? extends ZipEntry> entries, Path dir) throws IOException {
        for (ZipEntry entry : entries) {
            Path target = target(dir, entry);
            if (entry.isDirectory()) {
                Files.createDirectories(target);
                continue;
            }
            Files.createDirectories(target.getParent());
            try (InputStream in = zip.getInputStream(entry)) {
                Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            }
            // As Tomcat's own unpacking does: static files keep the WAR's times (Last-Modified, ETag).
            if (entry.getTime() > 0) {
                Files.setLastModifiedTime(target, FileTime.fromMillis(entry.getTime()));
            }
        }
    }

    private static Path target(Path dir, ZipEntry entry) throws IOException {
        Path target = dir.resolve(entry.getName()).normalize();
        if (!target.startsWith(dir)) {
            throw new IOException("the WAR entry " + entry.getName() + " points outside the folder it is unpacked into");
        }
        return target;
    }

    /** Moves {@code fresh} to {@code dir}; an incomplete {@code dir} (cleaned up in part, or interrupted) is removed first. */
    private static void replace(Path dir, Path fresh, Path root) throws IOException {
        if (Files.exists(dir)) {
            Path old = Files.createTempDirectory(root, dir.getFileName() + ".old.");
            Files.move(dir, old.resolve("war"), StandardCopyOption.ATOMIC_MOVE);
            TempFiles.deleteTree(old);
        }
        Files.move(fresh, dir, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Gives up this JVM's hold on its folder (for tests, which play several launchers in one JVM). */
    static synchronized void release() throws IOException {
        if (inUse != null) {
            inUse.channel().close();
            inUse = null;
        }
    }

    /**
     * A shared lock on the folder's lock file, held until exit; taken again if a launcher removing
     * the folder deleted the file between our opening it and our lock.
     */
    private static synchronized void lockShared(Path lockFile) throws IOException {
        for (int attempt = 0; attempt < 10; attempt++) {
            FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.READ,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = channel.lock(0, Long.MAX_VALUE, true);
            } catch (OverlappingFileLockException e) {
                channel.close();
                return; // this JVM holds it already
            }
            if (Files.exists(lockFile)) {
                inUse = lock;
                Files.setLastModifiedTime(lockFile, FileTime.fromMillis(System.currentTimeMillis())); // the last start
                return;
            }
            channel.close(); // removed under us by a launcher that found it unused: lock a new one
        }
        throw new IOException("cannot lock " + lockFile);
    }

    /**
     * The folders (and leftovers of interrupted unpacking) of other WARs that no running launcher
     * holds, but for the {@link #KEPT} most recently started (a rollback, or two builds tried in
     * turn, then starts without unpacking). A lock file's time is its WAR's last start.
     */
    private static void removeUnused(Path root, String current) {
        List<Path> others = new ArrayList<>();
        try (DirectoryStream<Path> children = Files.newDirectoryStream(root, "*" + LOCK_SUFFIX)) {
            for (Path lockFile : children) {
                if (!lockFile.getFileName().toString().equals(current + LOCK_SUFFIX)) {
                    others.add(lockFile);
                }
            }
            others.sort(Comparator.comparing(UnpackedWar::lastStart).reversed());
            for (Path lockFile : others.subList(Math.min(KEPT, others.size()), others.size())) {
                String name = lockFile.getFileName().toString();
                removeIfUnused(root, name.substring(0, name.length() - LOCK_SUFFIX.length()), lockFile);
            }
        } catch (IOException | RuntimeException e) {
            // an old folder left behind costs disk space only; the next start tries again
        }
    }

    private static FileTime lastStart(Path lockFile) {
        try {
            return Files.getLastModifiedTime(lockFile);
        } catch (IOException e) {
            return FileTime.fromMillis(0);
        }
    }

    private static void removeIfUnused(Path root, String name, Path lockFile) throws IOException {
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return; // a running launcher uses it
            }
            try (DirectoryStream<Path> own = Files.newDirectoryStream(root, name + "*")) {
                for (Path path : own) {
                    if (!path.equals(lockFile)) {
                        TempFiles.deleteTree(path);
                    }
                }
            }
            Files.deleteIfExists(lockFile);
        } catch (OverlappingFileLockException e) {
            // this JVM holds it
        }
    }

    private static void createPrivateDirectories(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        createPrivateDirectories(dir.getParent());
        try {
            Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        } catch (FileAlreadyExistsException e) {
            // made by another launcher meanwhile
        } catch (UnsupportedOperationException e) {
            Files.createDirectories(dir);
        }
    }
}
