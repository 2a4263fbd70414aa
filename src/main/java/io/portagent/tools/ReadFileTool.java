package io.portagent.tools;

import io.portagent.agent.ToolRegistry.ToolOutcome;
import io.portagent.llm.ToolSpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Path;

/** {@code read_file}: a text file's lines, numbered, from an optional range, capped in lines and characters. */
final class ReadFileTool implements WorkspaceTool {

    static final String NAME = "read_file";
    static final int MAX_LINES = 2000;
    static final int MAX_CHARS = 100_000;
    static final int MAX_LINE_CHARS = 2000;

    @Override
    public ToolSpec spec() {
        return new ToolSpec(NAME, """
                Reads a UTF-8 text file in the working directory. Each line is shown as its line number, a tab, \
                then the line; the numbers are not part of the file. At most 2000 lines or 100000 characters \
                are returned per call and lines longer than 2000 characters are cut; use start_line and \
                end_line to read other parts. Binary files are refused.""", """
                {"type":"object","properties":{\
                "path":{"type":"string","description":"File path relative to the working directory"},\
                "start_line":{"type":"integer","minimum":1,"description":"First line to return (1-based); default 1"},\
                "end_line":{"type":"integer","minimum":1,"description":"Last line to return, inclusive"}},\
                "required":["path"],"additionalProperties":false}""");
    }

    @Override
    public ToolOutcome run(Call call) throws IOException, InterruptedException {
        WorkspacePaths paths = call.paths();
        Path file = paths.resolve(call.input().requiredString("path"));
        int start = call.input().integer("start_line", 1, 1, Integer.MAX_VALUE);
        int end = call.input().integer("end_line", Integer.MAX_VALUE, 1, Integer.MAX_VALUE);
        if (end < start) {
            throw new ToolException("end_line (" + end + ") is before start_line (" + start + ").");
        }
        TextFiles.requireFile(paths, file, "use list_files to see what it holds.");
        if (TextFiles.looksBinary(file)) {
            throw TextFiles.notText(paths, file);
        }
        try (BufferedReader reader = TextFiles.reader(file)) {
            return read(new TextFiles.LineReader(reader), paths.display(file), start, end, call.deadline());
        } catch (CharacterCodingException e) {
            throw TextFiles.notText(paths, file);
        }
    }

    private static ToolOutcome read(TextFiles.LineReader lines, String name, int start, int end, Deadline deadline)
            throws IOException, InterruptedException {
        StringBuilder out = new StringBuilder();
        int number = 0;
        String line;
        while (number < end && (line = lines.next(MAX_LINE_CHARS)) != null) {
            deadline.check();
            number++;
            if (number < start) {
                continue;
            }
            if (number - start >= MAX_LINES || out.length() + line.length() > MAX_CHARS) {
                out.append("[Showing lines ").append(start).append('-').append(number - 1).append(" of '")
                        .append(name).append("'; it has more. Continue with start_line=").append(number).append(".]\n");
                return WorkspaceTool.ok(out.toString());
            }
            out.append(String.format("%6d\t", number)).append(line);
            out.append(lines.lastTruncated() ? " [line cut at " + MAX_LINE_CHARS + " characters]\n" : "\n");
        }
        if (number == 0) {
            return WorkspaceTool.ok("'" + name + "' is empty.");
        }
        if (number < start) {
            throw new ToolException("'" + name + "' has only " + number + " lines; start_line " + start
                    + " is past its end.");
        }
        return WorkspaceTool.ok(out.toString());
    }
}
