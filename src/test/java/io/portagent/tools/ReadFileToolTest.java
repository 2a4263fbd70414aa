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

class ReadFileToolTest {

    @RegisterExtension
    final ToolsFixture fixture = new ToolsFixture();

    /** Calls read_file on {@code path}, with more name/value pairs if given (a line range). */
    private ToolOutcome readFile(String path, Object... more) {
        Object[] input = new Object[more.length + 2];
        input[0] = "path";
        input[1] = path;
        System.arraycopy(more, 0, input, 2, more.length);
        return fixture.call("read_file", input);
    }

    private static String lines(int from, int to) {
        StringBuilder text = new StringBuilder();
        for (int i = from; i <= to; i++) {
            text.append("line ").append(i).append('\n');
        }
        return text.toString();
    }

    @Test
    void readsAWholeFileWithLineNumbers() {
        fixture.file("notes.md", "first\nsecond\r\nthird");
        assertAnswer("     1\tfirst\n     2\tsecond\n     3\tthird\n", readFile("notes.md"));
    }

    @Test
    void readsALineRange() {
        fixture.file("n.txt", lines(1, 10));
        assertEquals("     4\tline 4\n     5\tline 5\n",
                readFile("n.txt", "start_line", 4, "end_line", 5).content());
    }

    @Test
    void aLongFileIsCutAtTheLineCapWithANoteSayingWhereToContinue() {
        fixture.file("long.txt", lines(1, ReadFileTool.MAX_LINES + 5));
        String content = readFile("long.txt").content();
        assertTrue(content.contains("  2000\tline 2000\n"));
        assertFalse(content.contains("line 2001"));
        assertTrue(content.endsWith(
                "[Showing lines 1-2000 of 'long.txt'; it has more. Continue with start_line=2001.]\n"));
    }

    @Test
    void aVeryLongLineIsCutWithANote() {
        fixture.file("wide.txt", "y".repeat(5000) + "\nnext\n");
        String content = readFile("wide.txt").content();
        assertTrue(content.startsWith("     1\t" + "y".repeat(2000) + " [line cut at 2000 characters]\n"));
        assertTrue(content.endsWith("     2\tnext\n"));
    }

    @Test
    void aFileOverTheCharacterCapIsCut() {
        String line = "z".repeat(1999) + "\n";
        fixture.file("big.txt", line.repeat(60));
        String content = readFile("big.txt").content();
        assertTrue(content.length() < ReadFileTool.MAX_CHARS + 200);
        assertTrue(content.contains("it has more. Continue with start_line="));
    }

    @Test
    void aBinaryFileIsRefusedWithAClearMessage() throws IOException {
        Files.createDirectories(fixture.workdir());
        Files.write(fixture.workdir().resolve("image.png"), new byte[] {(byte) 0x89, 'P', 'N', 'G', 0, 0, 1});
        ToolOutcome outcome = readFile("image.png");
        assertTrue(outcome.isError());
        assertTrue(outcome.content().contains("'image.png' is a binary file"), outcome.content());
    }

    @Test
    void aFileThatIsNotUtf8IsRefused() throws IOException {
        Files.createDirectories(fixture.workdir());
        Files.write(fixture.workdir().resolve("latin1.txt"), new byte[] {'c', 'a', 'f', (byte) 0xE9, '\n'});
        assertTrue(readFile("latin1.txt").content().contains("not UTF-8 text"));
    }

    @Test
    void missingFilesDirectoriesAndBadRangesAreToolErrors() {
        fixture.file("d/f.txt", "one\ntwo\n");
        assertToolError("'nope.txt' does not exist.", readFile("nope.txt"));
        assertToolError("'d' is a directory; use list_files to see what it holds.", readFile("d"));
        assertToolError("'d/f.txt' has only 2 lines; start_line 9 is past its end.",
                readFile("d/f.txt", "start_line", 9));
        assertToolError("end_line (1) is before start_line (2).",
                readFile("d/f.txt", "start_line", 2, "end_line", 1));
        assertToolError("The parameter 'path' is required.", fixture.call("read_file"));
    }

    @Test
    void anEmptyFileSaysSo() {
        fixture.file("empty.txt", "");
        assertEquals("'empty.txt' is empty.", readFile("empty.txt").content());
    }

    @Test
    void readingThroughASymlinkOutIsRefused() throws IOException {
        Path secret = Files.writeString(fixture.temp().resolve("secret.txt"), "LLM_PROVIDER_KEY=sk-ant");
        Files.createDirectories(fixture.workdir());
        Files.createSymbolicLink(fixture.workdir().resolve("s.txt"), secret);
        ToolOutcome outcome = readFile("s.txt");
        assertTrue(outcome.isError());
        assertFalse(outcome.content().contains("sk-ant"));
        assertTrue(readFile("/etc/passwd").isError());
        assertTrue(readFile("../../../../secret.txt").isError());
    }
}
