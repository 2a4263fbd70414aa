package io.portagent.tools;

import static io.portagent.tools.ToolsFixture.assertAnswer;
import static io.portagent.tools.ToolsFixture.assertToolError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.agent.ToolRegistry.ToolOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class WriteFileToolTest {

    @RegisterExtension
    final ToolsFixture fixture = new ToolsFixture();

    @Test
    void createsAFileAndItsParentDirectories() {
        assertAnswer("Created 'src/app/main.py' (12 bytes).",
                fixture.call("write_file", "path", "src/app/main.py", "content", "print('hi')\n"));
        assertEquals("print('hi')\n", fixture.read("src/app/main.py"));
    }

    @Test
    void overwritesAnExistingFile() {
        fixture.file("a.txt", "old content");
        assertEquals("Overwrote 'a.txt' (3 bytes).",
                fixture.call("write_file", "path", "a.txt", "content", "new").content());
        assertEquals("new", fixture.read("a.txt"));
    }

    @Test
    void contentOverThePerFileLimitIsRefusedAndNothingIsWritten() {
        assertToolError("The new content of 'big.txt' is 1001 bytes; a file may hold at most 1000 bytes"
                + " (WORKSPACE_MAX_FILE_BYTES).",
                fixture.call("write_file", "path", "big.txt", "content", "x".repeat(1001)));
        assertFalse(Files.exists(fixture.workdir().resolve("big.txt")));
        assertFalse(fixture.call("write_file", "path", "ok.txt", "content", "x".repeat(1000)).isError());
    }

    @Test
    void aWriteThatWouldPassTheWorkspaceLimitIsRefused() {
        files(1000, "one.txt", "two.txt");
        files(900, "sub/three.txt");
        ToolOutcome outcome = fixture.call("write_file", "path", "four.txt", "content", "x".repeat(101));
        assertTrue(outcome.isError());
        assertTrue(outcome.content().startsWith("Writing 'four.txt' would bring the working directory to 3001 bytes,"
                + " over its limit of 3000 bytes (WORKSPACE_MAX_BYTES)."), outcome.content());
        assertFalse(fixture.call("write_file", "path", "four.txt", "content", "x".repeat(100)).isError());
    }

    @Test
    void overwritingCountsOnlyTheNewSizeAgainstTheWorkspaceLimit() {
        files(1000, "one.txt", "two.txt", "three.txt");
        assertFalse(fixture.call("write_file", "path", "three.txt", "content", "y".repeat(1000)).isError());
    }

    @Test
    void writingOutsideTheWorkingDirectoryIsRefused() throws IOException {
        Path outside = Files.createDirectories(fixture.temp().resolve("outside"));
        Files.createDirectories(fixture.workdir());
        Files.createSymbolicLink(fixture.workdir().resolve("out"), outside);
        assertTrue(fixture.call("write_file", "path", "../escape.txt", "content", "x").isError());
        assertTrue(fixture.call("write_file", "path", "/tmp/escape.txt", "content", "x").isError());
        assertTrue(fixture.call("write_file", "path", "out/new/escape.txt", "content", "x").isError());
        Files.createSymbolicLink(fixture.workdir().resolve("dangling"), outside.resolve("created.txt"));
        assertTrue(fixture.call("write_file", "path", "dangling", "content", "x").isError());
        try (var files = Files.list(outside)) {
            assertEquals(0, files.count(), "nothing was created outside");
        }
    }

    @Test
    void writingToADirectoryOrUnderAFileIsAToolError() {
        fixture.file("d/f.txt", "x");
        assertEquals("'d' is a directory; give a file path.",
                fixture.call("write_file", "path", "d", "content", "x").content());
        ToolOutcome underFile = fixture.call("write_file", "path", "d/f.txt/g.txt", "content", "x");
        assertTrue(underFile.isError());
        assertTrue(underFile.content().contains("d/f.txt"), underFile.content());
        assertFalse(underFile.content().contains(fixture.temp().toString()), "no server paths in messages");
    }

    @Test
    void missingParametersAreToolErrors() {
        assertEquals("The parameter 'content' is required.", fixture.call("write_file", "path", "a.txt").content());
        assertEquals("The parameter 'path' is required.", fixture.call("write_file", "content", "x").content());
    }

    /** Files of {@code bytes} bytes each, written directly. */
    private void files(int bytes, String... names) {
        for (String name : names) {
            fixture.file(name, "x".repeat(bytes));
        }
    }
}
