package io.portagent.tools;

import static io.portagent.tools.ToolsFixture.assertAnswer;
import static io.portagent.tools.ToolsFixture.assertToolError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.agent.ToolRegistry.ToolOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ListFilesToolTest {

    @RegisterExtension
    final ToolsFixture fixture = new ToolsFixture();

    @Test
    void anEmptyNewWorkingDirectoryIsCreatedAndSaidToBeEmpty() {
        assertAnswer("'.' is empty.", fixture.call("list_files"));
        assertTrue(Files.isDirectory(fixture.workdir()));
    }

    @Test
    void listsOneLevelInNameOrderWithDirectoriesMarkedAndFileSizes() {
        fixture.file("b.txt", "12345");
        fixture.file("a/inner.txt", "x");
        ToolOutcome outcome = fixture.call("list_files");
        assertEquals("a/\nb.txt  (5 bytes)\n", outcome.content());
    }

    @Test
    void recursiveListingIncludesSubdirectoriesButDoesNotFollowLinksOut() throws IOException {
        fixture.file("a/inner.txt", "x");
        Path outside = Files.createDirectories(fixture.temp().resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "s");
        Files.createSymbolicLink(fixture.workdir().resolve("out"), outside);
        ToolOutcome outcome = fixture.call("list_files", "recursive", true);
        assertEquals("a/\na/inner.txt  (1 bytes)\nout@\n", outcome.content());
    }

    @Test
    void aSubdirectoryCanBeListed() {
        fixture.file("a/inner.txt", "x");
        assertEquals("a/inner.txt  (1 bytes)\n", fixture.call("list_files", "path", "a").content());
    }

    @Test
    void theListingStopsAtMaxEntriesWithANote() {
        for (int i = 0; i < 5; i++) {
            fixture.file("f" + i, "");
        }
        String content = fixture.call("list_files", "max_entries", 3).content();
        assertTrue(content.startsWith("f0  (0 bytes)\nf1  (0 bytes)\nf2  (0 bytes)\n[Listing stopped at 3 entries"),
                content);
    }

    @Test
    void aMissingDirectoryAFileAndAnEscapeAreToolErrors() {
        fixture.file("file.txt", "x");
        assertToolError("'missing' does not exist.", fixture.call("list_files", "path", "missing"));
        assertToolError("'file.txt' is not a directory; use read_file to read a file.",
                fixture.call("list_files", "path", "file.txt"));
        assertTrue(fixture.call("list_files", "path", "..").content().contains("'..' is not allowed"));
        assertTrue(fixture.call("list_files", "path", "/etc").content().contains("Absolute paths"));
    }

    @Test
    void aBadMaxEntriesIsAToolError() {
        assertToolError("The parameter 'max_entries' must be a whole number from 1 to 1000.",
                fixture.call("list_files", "max_entries", 5000));
    }
}
