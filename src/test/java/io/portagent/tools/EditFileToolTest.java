package io.portagent.tools;

import static io.portagent.tools.ToolsFixture.assertAnswer;
import static io.portagent.tools.ToolsFixture.assertToolError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.agent.ToolRegistry.ToolOutcome;
import java.io.IOException;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class EditFileToolTest {

    @RegisterExtension
    final ToolsFixture fixture = new ToolsFixture();

    @Test
    void replacesAStringThatOccursOnce() {
        fixture.file("a.py", "def f():\n    return 1\n");
        assertAnswer("Replaced 1 occurrence in 'a.py'.",
                fixture.call("edit_file", "path", "a.py", "old_string", "return 1", "new_string", "return 2"));
        assertEquals("def f():\n    return 2\n", fixture.read("a.py"));
    }

    @Test
    void aStringThatOccursSeveralTimesIsRefusedUnlessReplaceAll() {
        fixture.file("a.txt", "x = 1\nx = 1\n");
        assertToolError("old_string occurs 2 times in 'a.txt'. Include more surrounding text to make it unique, or set"
                + " replace_all to true.",
                fixture.call("edit_file", "path", "a.txt", "old_string", "x = 1", "new_string", "y"));
        assertEquals("x = 1\nx = 1\n", fixture.read("a.txt"));
        ToolOutcome all = fixture.call("edit_file", "path", "a.txt", "old_string", "x = 1", "new_string", "y",
                "replace_all", true);
        assertEquals("Replaced 2 occurrences in 'a.txt'.", all.content());
        assertEquals("y\ny\n", fixture.read("a.txt"));
    }

    @Test
    void aStringThatIsNotFoundIsAToolError() {
        fixture.file("a.txt", "hello");
        ToolOutcome outcome = fixture.call("edit_file", "path", "a.txt", "old_string", "Hello", "new_string", "bye");
        assertTrue(outcome.isError());
        assertTrue(outcome.content().startsWith("old_string was not found in 'a.txt'."));
    }

    @Test
    void emptyOrUnchangedStringsAreToolErrors() {
        fixture.file("a.txt", "hello");
        assertTrue(fixture.call("edit_file", "path", "a.txt", "old_string", "", "new_string", "x").content()
                .startsWith("old_string is empty"));
        assertTrue(fixture.call("edit_file", "path", "a.txt", "old_string", "hello", "new_string", "hello").content()
                .contains("nothing to change"));
    }

    @Test
    void anEditThatWouldPassThePerFileLimitIsRefused() {
        fixture.file("a.txt", "x".repeat(900) + "MARK");
        ToolOutcome outcome = fixture.call("edit_file", "path", "a.txt", "old_string", "MARK", "new_string",
                "y".repeat(200));
        assertTrue(outcome.isError());
        assertTrue(outcome.content().contains("WORKSPACE_MAX_FILE_BYTES"), outcome.content());
        assertTrue(fixture.read("a.txt").endsWith("MARK"));
    }

    @Test
    void missingFilesBinaryFilesAndEscapesAreToolErrors() throws IOException {
        assertEquals("'none.txt' does not exist.",
                fixture.call("edit_file", "path", "none.txt", "old_string", "a", "new_string", "b").content());
        Files.write(fixture.workdir().resolve("bin"), new byte[] {'a', 0, 'b'});
        assertTrue(fixture.call("edit_file", "path", "bin", "old_string", "a", "new_string", "b").content()
                .contains("binary file"));
        assertTrue(fixture.call("edit_file", "path", "../x", "old_string", "a", "new_string", "b").isError());
    }
}
