package io.portagent.tools;

import io.portagent.agent.ToolRegistry.ToolOutcome;
import io.portagent.llm.ToolSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/** {@code list_files}: a directory's entries, optionally recursive, capped. */
final class ListFilesTool implements WorkspaceTool {

    static final String NAME = "list_files";
    static final int DEFAULT_ENTRIES = 200;
    static final int MAX_ENTRIES = 1000;

    @Override
    public ToolSpec spec() {
        return new ToolSpec(NAME, """
                Lists the files and directories in the working directory or one of its subdirectories. \
                Directories end with '/', files show their size in bytes, symbolic links end with '@'. \
                Set recursive to true to include subdirectories (symbolic links are not followed).""", """
                {"type":"object","properties":{\
                "path":{"type":"string","description":"Directory relative to the working directory; default '.'"},\
                "recursive":{"type":"boolean","description":"Include subdirectories; default false"},\
                "max_entries":{"type":"integer","minimum":1,"maximum":1000,\
                "description":"Stop after this many entries; default 200"}},\
                "additionalProperties":false}""");
    }

    @Override
    public ToolOutcome run(Call call) throws IOException, InterruptedException {
        WorkspacePaths paths = call.paths();
        Path dir = paths.resolve(call.input().optionalString("path", "."));
        boolean recursive = call.input().bool("recursive", false);
        int max = call.input().integer("max_entries", DEFAULT_ENTRIES, 1, MAX_ENTRIES);
        if (!Files.isDirectory(dir, LinkOption.NOFOLLOW_LINKS)) {
            throw new ToolException("'" + paths.display(dir) + (Files.exists(dir, LinkOption.NOFOLLOW_LINKS)
                    ? "' is not a directory; use read_file to read a file." : "' does not exist."));
        }
        StringBuilder out = new StringBuilder();
        int[] count = {0};
        boolean complete = FileTree.walk(dir, recursive, call.deadline(), (path, attributes) -> {
            if (count[0] == max) {
                return false;
            }
            count[0]++;
            out.append(entry(paths.display(path), attributes)).append('\n');
            return true;
        });
        if (count[0] == 0) {
            return WorkspaceTool.ok("'" + paths.display(dir) + "' is empty.");
        }
        if (!complete) {
            out.append("[Listing stopped at ").append(max).append(" entries; list a subdirectory, or raise"
                    + " max_entries (at most ").append(MAX_ENTRIES).append("), to see more.]\n");
        }
        return WorkspaceTool.ok(out.toString());
    }

    private static String entry(String name, BasicFileAttributes attributes) {
        if (attributes.isDirectory()) {
            return name + "/";
        }
        if (attributes.isSymbolicLink()) {
            return name + "@";
        }
        return name + "  (" + attributes.size() + " bytes)";
    }
}
