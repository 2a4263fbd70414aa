package io.portagent.tools;

import io.portagent.agent.ToolRegistry.ToolOutcome;
import io.portagent.llm.ToolSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** {@code edit_file}: replaces an exact string that occurs once (or every occurrence, when asked). */
final class EditFileTool implements WorkspaceTool {

    static final String NAME = "edit_file";

    @Override
    public ToolSpec spec() {
        return new ToolSpec(NAME, """
                Edits a UTF-8 text file in the working directory by replacing old_string with new_string. \
                old_string must match the file exactly, including whitespace and indentation (without the line \
                numbers read_file shows), and must occur exactly once unless replace_all is true; include \
                surrounding lines to make it unique.""", """
                {"type":"object","properties":{\
                "path":{"type":"string","description":"File path relative to the working directory"},\
                "old_string":{"type":"string","description":"The exact text to replace"},\
                "new_string":{"type":"string","description":"The text to put in its place"},\
                "replace_all":{"type":"boolean","description":"Replace every occurrence; default false"}},\
                "required":["path","old_string","new_string"],"additionalProperties":false}""");
    }

    @Override
    public ToolOutcome run(Call call) throws IOException, InterruptedException {
        WorkspacePaths paths = call.paths();
        Path file = paths.resolve(call.input().requiredString("path"));
        String oldString = call.input().requiredString("old_string");
        String newString = call.input().requiredString("new_string");
        boolean all = call.input().bool("replace_all", false);
        if (oldString.isEmpty()) {
            throw new ToolException("old_string is empty; give the exact text to replace (use write_file to"
                    + " create a file).");
        }
        if (oldString.equals(newString)) {
            throw new ToolException("old_string and new_string are the same, so there is nothing to change.");
        }
        String name = paths.display(file);
        long size = TextFiles.requireFile(paths, file, "give a file path.").size();
        if (size > call.limits().maxFileBytes()) {
            throw new ToolException("'" + name + "' is " + size + " bytes, larger than the " + call.limits()
                    .maxFileBytes() + " bytes files may hold (WORKSPACE_MAX_FILE_BYTES), so it cannot be edited.");
        }
        String text = TextFiles.readText(paths, file);
        int found = count(text, oldString);
        if (found == 0) {
            throw new ToolException("old_string was not found in '" + name + "'. Read the file and copy the text"
                    + " exactly, including whitespace.");
        }
        if (found > 1 && !all) {
            throw new ToolException("old_string occurs " + found + " times in '" + name + "'. Include more"
                    + " surrounding text to make it unique, or set replace_all to true.");
        }
        String edited = all ? text.replace(oldString, newString) : replaceOnce(text, oldString, newString);
        SizeLimits.write(call, file, edited.getBytes(StandardCharsets.UTF_8));
        return WorkspaceTool.ok("Replaced " + found + (found == 1 ? " occurrence" : " occurrences") + " in '"
                + name + "'.");
    }

    static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + part.length())) {
            n++;
        }
        return n;
    }

    private static String replaceOnce(String text, String oldString, String newString) {
        int at = text.indexOf(oldString);
        return text.substring(0, at) + newString + text.substring(at + oldString.length());
    }
}
