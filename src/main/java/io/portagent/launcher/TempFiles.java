package io.portagent.launcher;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Removes the launcher's temporary folders at exit. */
final class TempFiles {

    private TempFiles() {
    }

    static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(TempFiles::delete);
        } catch (IOException e) {
            System.err.println("Warning: could not remove temporary folder " + root + ": " + e.getMessage());
        }
    }

    private static void delete(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            System.err.println("Warning: could not remove " + path + ": " + e.getMessage());
        }
    }
}
