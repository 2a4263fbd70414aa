package io.portagent.tools;

import io.portagent.agent.ToolRegistry.ToolOutcome;
import io.portagent.llm.ToolSpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/** {@code write_file}: creates or overwrites a text file, creating its parent directories. */
final class WriteFileTool implements WorkspaceTool {

    static final String NAME = "write_file";

    @Override
    public ToolSpec spec() {
        return new ToolSpec(NAME, """
                Creates a file in the working directory, or replaces the whole content of an existing one, \
                as UTF-8 text. Missing parent directories are created. To change part of a file, use \
                edit_file instead. Files and the working directory as a whole have size limits.""", """
                {"type":"object","properties":{\
                "path":{"type":"string","description":"File path relative to the working directory"},\
                "content":{"type":"string","description":"The complete new content of the file"}},\
                "required":["path","content"],"additionalProperties":false}""");
    }

    @Override
    public ToolOutcome run(Call call) throws IOException, InterruptedException {
        Path file = call.paths().resolve(call.input().requiredString("path"));
        byte[] bytes = call.input().requiredString("content").getBytes(StandardCharsets.UTF_8);
        boolean created = SizeLimits.write(call, file, bytes);
        return WorkspaceTool.ok((created ? "Created '" : "Overwrote '") + call.paths().display(file) + "' ("
                + bytes.length + " bytes).");
    }
}
