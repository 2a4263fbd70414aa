package io.portagent.tools;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Walks a directory in name order without following symbolic links, so a link cannot lead a
 * listing, a search or the size count out of the working directory.
 */
final class FileTree {

    /** Sees each entry; returns false to stop the walk. */
    interface Visitor {
        boolean visit(Path path, BasicFileAttributes attributes) throws IOException, InterruptedException;
    }

    private FileTree() {
    }

    /** Visits the entries of {@code dir}, and of its subdirectories when {@code recursive}. False if stopped. */
    static boolean walk(Path dir, boolean recursive, Deadline deadline, Visitor visitor)
            throws IOException, InterruptedException {
        for (Path child : sortedChildren(dir)) {
            deadline.check();
            BasicFileAttributes attributes;
            try {
                attributes = Files.readAttributes(child, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            } catch (java.nio.file.NoSuchFileException e) {
                continue; // removed while we walked
            }
            if (!visitor.visit(child, attributes)) {
                return false;
            }
            if (recursive && attributes.isDirectory() && !walk(child, true, deadline, visitor)) {
                return false;
            }
        }
        return true;
    }

    /** Bytes held by regular files under {@code root}. */
    static long size(Path root, Deadline deadline) throws IOException, InterruptedException {
        long[] total = {0};
        walk(root, true, deadline, (path, attributes) -> {
            if (attributes.isRegularFile()) {
                total[0] += attributes.size();
            }
            return true;
        });
        return total[0];
    }

    private static List<Path> sortedChildren(Path dir) throws IOException {
        List<Path> children = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            stream.forEach(children::add);
        } catch (java.nio.file.AccessDeniedException e) {
            return List.of(); // a directory the server may not read is shown empty, not as a failed call
        } catch (java.nio.file.DirectoryIteratorException e) {
            throw e.getCause();
        }
        children.sort(null);
        return children;
    }
}
