package io.portagent.tools;

import io.portagent.agent.ToolRegistry.ToolOutcome;
import io.portagent.llm.ToolSpec;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** {@code search_files}: lines of text files that contain a string or match a regex, as path:line: text. */
final class SearchFilesTool implements WorkspaceTool {

    static final String NAME = "search_files";
    static final int DEFAULT_RESULTS = 100;
    static final int MAX_RESULTS = 500;
    static final int SHOWN_LINE_CHARS = 300;
    static final long MAX_FILE_BYTES = 10L * 1024 * 1024;

    @Override
    public ToolSpec spec() {
        return new ToolSpec(NAME, """
                Searches the text files under a directory of the working directory (or one file) for lines \
                containing pattern, as plain text by default or as a Java regular expression when regex is \
                true. Returns one line per match as path:line: text. Binary files, files over 10 MB and \
                symbolic links are skipped.""", """
                {"type":"object","properties":{\
                "pattern":{"type":"string","description":"Text to find, or a regular expression if regex is true"},\
                "path":{"type":"string","description":"Directory or file to search, relative; default '.'"},\
                "regex":{"type":"boolean","description":"Treat pattern as a regular expression; default false"},\
                "ignore_case":{"type":"boolean","description":"Match regardless of case; default false"},\
                "max_results":{"type":"integer","minimum":1,"maximum":500,\
                "description":"Stop after this many matching lines; default 100"}},\
                "required":["pattern"],"additionalProperties":false}""");
    }

    @Override
    public ToolOutcome run(Call call) throws IOException, InterruptedException {
        WorkspacePaths paths = call.paths();
        String pattern = call.input().requiredString("pattern");
        if (pattern.isEmpty()) {
            throw new ToolException("pattern is empty; give the text to search for.");
        }
        Pattern compiled = compile(pattern, call.input().bool("regex", false), call.input().bool("ignore_case", false));
        Path start = paths.resolve(call.input().optionalString("path", "."));
        int max = call.input().integer("max_results", DEFAULT_RESULTS, 1, MAX_RESULTS);
        if (!Files.exists(start, LinkOption.NOFOLLOW_LINKS)) {
            throw new ToolException("'" + paths.display(start) + "' does not exist.");
        }
        Matches matches = new Matches(paths, compiled, max, call.deadline());
        boolean complete = Files.isDirectory(start, LinkOption.NOFOLLOW_LINKS)
                ? FileTree.walk(start, true, call.deadline(), matches::searchFile)
                : matches.searchFile(start, Files.readAttributes(start, BasicFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS));
        if (matches.count == 0) {
            return WorkspaceTool.ok("No matches for '" + WorkspacePaths.shown(pattern) + "' in '"
                    + paths.display(start) + "'.");
        }
        if (!complete) {
            matches.out.append("[Stopped at ").append(max).append(" matches; narrow the search with path or a more"
                    + " specific pattern.]\n");
        }
        return WorkspaceTool.ok(matches.out.toString());
    }

    private static Pattern compile(String pattern, boolean regex, boolean ignoreCase) {
        int flags = ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0;
        try {
            return Pattern.compile(regex ? pattern : Pattern.quote(pattern), flags);
        } catch (PatternSyntaxException e) {
            throw new ToolException("The regex is not valid: " + e.getDescription() + " near index " + e.getIndex()
                    + ". Escape special characters, or set regex to false to search for plain text.");
        }
    }

    /** Collects matching lines across files until the cap. */
    private static final class Matches {
        final StringBuilder out = new StringBuilder();
        final WorkspacePaths paths;
        final Pattern pattern;
        final int max;
        final Deadline deadline;
        int count;

        Matches(WorkspacePaths paths, Pattern pattern, int max, Deadline deadline) {
            this.paths = paths;
            this.pattern = pattern;
            this.max = max;
            this.deadline = deadline;
        }

        boolean searchFile(Path file, BasicFileAttributes attributes) throws IOException, InterruptedException {
            if (!attributes.isRegularFile() || attributes.size() > MAX_FILE_BYTES || TextFiles.looksBinary(file)) {
                return true;
            }
            try (BufferedReader reader = TextFiles.reader(file)) {
                return searchLines(new TextFiles.LineReader(reader), paths.display(file));
            } catch (CharacterCodingException e) {
                return true; // not UTF-8 text: skipped like a binary file
            }
        }

        private boolean searchLines(TextFiles.LineReader lines, String name) throws IOException, InterruptedException {
            String line;
            int number = 0;
            while ((line = lines.next(Integer.MAX_VALUE)) != null) {
                deadline.check();
                number++;
                if (pattern.matcher(deadline.watch(line)).find()) {
                    if (count == max) {
                        return false;
                    }
                    count++;
                    String shown = line.length() > SHOWN_LINE_CHARS
                            ? line.substring(0, SHOWN_LINE_CHARS) + "..." : line;
                    out.append(name).append(':').append(number).append(": ").append(shown).append('\n');
                }
            }
            return true;
        }
    }
}
