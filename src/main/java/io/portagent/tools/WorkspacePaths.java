package io.portagent.tools;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Resolves the paths a model gives to real paths inside one working directory. Absolute paths,
 * {@code ..}, NUL bytes, over-long names and symbolic links that lead out are refused with a
 * sentence; the check is made on the real path of the nearest existing ancestor, so a file
 * that does not exist yet cannot be created through a link that points out.
 */
final class WorkspacePaths {

    static final int MAX_PATH_CHARS = 4096;
    static final int MAX_NAME_BYTES = 255;
    private static final int SHOWN_CHARS = 120;

    private final Path root;

    private WorkspacePaths(Path root) {
        this.root = root;
    }

    /** The working directory, created on first use, by its real path. */
    static WorkspacePaths open(Path workdir) throws IOException {
        Files.createDirectories(workdir);
        return new WorkspacePaths(workdir.toRealPath());
    }

    Path root() {
        return root;
    }

    /** The real path {@code given} names inside the working directory; it may not exist yet. */
    Path resolve(String given) throws IOException {
        Path candidate = root.resolve(parse(given)).normalize();
        Path existing = candidate;
        while (!Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (Files.isSymbolicLink(existing) && !Files.exists(existing)) {
            throw new ToolException("'" + shown(given) + "' goes through a symbolic link whose target does not"
                    + " exist; only files inside the working directory can be used.");
        }
        Path real = existing.toRealPath();
        if (!real.startsWith(root)) {
            throw new ToolException("'" + shown(given) + "' leads outside the working directory (through a symbolic"
                    + " link); only files inside it can be used.");
        }
        return real.resolve(existing.relativize(candidate));
    }

    /** How a path inside the working directory is shown to the model: relative, "." for the root. */
    String display(Path path) {
        if (!path.startsWith(root)) {
            return path.getFileName() == null ? "." : path.getFileName().toString();
        }
        String relative = root.relativize(path).toString();
        return relative.isEmpty() ? "." : relative;
    }

    /** Like {@link #display(Path)} for a path an I/O exception names. */
    String display(String file) {
        try {
            return file == null ? "the file" : display(Path.of(file));
        } catch (InvalidPathException e) {
            return shown(file);
        }
    }

    private static Path parse(String given) {
        if (given.indexOf('\0') >= 0) {
            throw new ToolException("The path contains a NUL byte; give a plain relative path.");
        }
        if (given.length() > MAX_PATH_CHARS) {
            throw new ToolException("The path is " + given.length() + " characters long; at most " + MAX_PATH_CHARS
                    + " are allowed.");
        }
        Path path;
        try {
            path = Path.of(given);
        } catch (InvalidPathException e) {
            throw new ToolException("'" + shown(given) + "' is not a valid path: " + e.getReason() + ".");
        }
        if (path.isAbsolute() || given.startsWith("/")) {
            throw new ToolException("Absolute paths such as '" + shown(given) + "' are not allowed; use a path"
                    + " relative to the working directory, e.g. notes/todo.md.");
        }
        for (Path name : path) {
            checkName(name.toString(), given);
        }
        return path;
    }

    private static void checkName(String name, String given) {
        if (name.equals("..")) {
            throw new ToolException("'..' is not allowed in paths ('" + shown(given) + "'); use a path relative to"
                    + " the working directory.");
        }
        int bytes = name.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_NAME_BYTES) {
            throw new ToolException("A name in the path is " + bytes + " bytes long; file and directory names may"
                    + " have at most " + MAX_NAME_BYTES + ".");
        }
    }

    /** A path as quoted in a message: shortened, so a huge name is not echoed back whole. */
    static String shown(String given) {
        String clean = given.replace('\0', '?');
        return clean.length() <= SHOWN_CHARS ? clean : clean.substring(0, SHOWN_CHARS) + "...";
    }
}
