package io.portagent.auth;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A container's files on disk ({@code containers/{containerId}/}): their size, and their removal. */
final class Workspaces {

    private final Path containersDir;

    Workspaces(Path containersDir) {
        this.containersDir = containersDir;
    }

    /** Bytes of every regular file under the container's folder (0 when it has none). */
    long bytes(String containerId) {
        Path dir = containersDir.resolve(containerId);
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(Workspaces::size).sum();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot measure " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Removes the container's folder and everything in it. */
    void delete(String containerId) {
        Path dir = containersDir.resolve(containerId).normalize();
        if (!dir.startsWith(containersDir) || dir.equals(containersDir) || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot remove " + dir + ": " + e.getMessage(), e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            return 0; // removed while walking
        }
    }
}
