package io.portagent.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;

/**
 * The shell commands of docs/deployment.md, so that the matrix runs what an operator reads: the
 * {@code bash} blocks of one section (from its heading to the next {@code ## }), each a list of
 * command lines with the block's indentation taken off.
 */
final class Docs {

    private Docs() {
    }

    /** The lines of every {@code bash} block in the section under {@code heading}, in order. */
    static List<List<String>> blocks(String heading) {
        List<String> lines = section(heading);
        List<List<String>> blocks = new ArrayList<>();
        List<String> block = null;
        for (String line : lines) {
            String text = line.strip();
            if (block == null && text.equals("```bash")) {
                block = new ArrayList<>();
            } else if (block != null && text.equals("```")) {
                blocks.add(List.copyOf(block));
                block = null;
            } else if (block != null && !text.isEmpty()) {
                block.add(text);
            }
        }
        if (blocks.isEmpty()) {
            throw new AssertionError("docs/deployment.md: no bash block under " + heading);
        }
        return blocks;
    }

    /** The first {@code bash} block of the section: its install commands. */
    static List<String> commands(String heading) {
        return blocks(heading).get(0);
    }

    private static List<String> section(String heading) {
        List<String> all = read();
        int start = all.indexOf(heading);
        if (start < 0) {
            throw new AssertionError("docs/deployment.md has no heading " + heading);
        }
        int end = start + 1;
        while (end < all.size() && !all.get(end).startsWith("## ")) {
            end++;
        }
        return all.subList(start + 1, end);
    }

    private static List<String> read() {
        try {
            return Files.readAllLines(Servers.deployDir().resolveSibling("docs/deployment.md"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
