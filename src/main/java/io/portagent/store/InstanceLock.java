package io.portagent.store;

import io.portagent.config.StartupException;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * An exclusive lock on {@code data/portagent.lock}, so a second instance on the same data
 * directory stops at start-up with a sentence instead of meeting lock errors later. The file
 * holds who owns it (pid, host, start time); the lock itself dies with the process or the
 * context, so a stale file never blocks a restart.
 */
public final class InstanceLock implements AutoCloseable {

    private final FileChannel channel;
    private final FileLock lock;

    private InstanceLock(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    public static InstanceLock acquire(Path dataDir) {
        Path file = dataDir.resolve("portagent.lock");
        FileChannel channel = open(file);
        FileLock lock = tryLock(channel);
        if (lock == null) {
            String owner = readOwner(file);
            close(channel);
            throw new StartupException("Another Portagent instance is already using the data directory "
                    + dataDir.getParent() + " (" + owner + "). Stop that instance first, or give this one its own "
                    + "directory with AGENTX_DIR / --data-dir.");
        }
        writeOwner(channel);
        return new InstanceLock(channel, lock);
    }

    private static FileChannel open(Path file) {
        try {
            return FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new StartupException("Cannot open the lock file " + file + ": " + e.getMessage(), e);
        }
    }

    private static FileLock tryLock(FileChannel channel) {
        try {
            return channel.tryLock();
        } catch (OverlappingFileLockException e) {
            return null; // another application in this same JVM holds it
        } catch (IOException e) {
            throw new StartupException("Cannot lock " + channel + ": " + e.getMessage(), e);
        }
    }

    private static String readOwner(Path file) {
        try {
            String text = Files.readString(file, StandardCharsets.UTF_8).strip();
            return text.isEmpty() ? "owner unknown" : text;
        } catch (IOException e) {
            return "owner unknown";
        }
    }

    private static void writeOwner(FileChannel channel) {
        String owner = "pid " + ProcessHandle.current().pid() + " on " + hostName() + ", started "
                + Instant.now() + ", " + ManagementFactory.getRuntimeMXBean().getName() + "\n";
        try {
            channel.truncate(0);
            channel.write(ByteBuffer.wrap(owner.getBytes(StandardCharsets.UTF_8)), 0);
            channel.force(false);
        } catch (IOException e) {
            throw new StartupException("Cannot write the lock file: " + e.getMessage(), e);
        }
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            return "this host";
        }
    }

    private static void close(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // closing a channel we only read from; nothing left to release
        }
    }

    @Override
    public void close() throws IOException {
        try {
            lock.release();
        } finally {
            channel.close();
        }
    }
}
