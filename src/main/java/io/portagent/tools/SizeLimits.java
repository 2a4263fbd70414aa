package io.portagent.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Writes a file within the per-file and per-workspace limits (WORKSPACE_MAX_FILE_BYTES, WORKSPACE_MAX_BYTES). */
final class SizeLimits {

    private SizeLimits() {
    }

    /** Writes {@code bytes} to {@code file}, creating its parent directories; true if the file is new. */
    static boolean write(WorkspaceTool.Call call, Path file, byte[] bytes) throws IOException, InterruptedException {
        WorkspacePaths paths = call.paths();
        long maxFile = call.limits().maxFileBytes();
        if (bytes.length > maxFile) {
            throw new ToolException("The new content of '" + paths.display(file) + "' is " + bytes.length
                    + " bytes; a file may hold at most " + maxFile + " bytes (WORKSPACE_MAX_FILE_BYTES).");
        }
        if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
            throw new ToolException("'" + paths.display(file) + "' is a directory; give a file path.");
        }
        boolean exists = Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS);
        long previous = exists ? Files.size(file) : 0;
        long total = FileTree.size(paths.root(), call.deadline()) - previous + bytes.length;
        long maxTotal = call.limits().maxWorkspaceBytes();
        if (total > maxTotal) {
            throw new ToolException("Writing '" + paths.display(file) + "' would bring the working directory to "
                    + total + " bytes, over its limit of " + maxTotal + " bytes (WORKSPACE_MAX_BYTES). Make room by"
                    + " shrinking or overwriting other files.");
        }
        Files.createDirectories(file.getParent());
        Files.write(file, bytes, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        return !exists;
    }
}
