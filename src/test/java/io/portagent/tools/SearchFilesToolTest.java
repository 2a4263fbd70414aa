package io.portagent.tools;

import static io.portagent.tools.ToolsFixture.assertAnswer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.agent.ToolRegistry.ToolOutcome;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class SearchFilesToolTest {

    @RegisterExtension
    final ToolsFixture fixture = new ToolsFixture();

    @BeforeEach
    void twoFilesToSearch() {
        fixture.file("a.txt", "alpha\nTODO: one\nbeta\n");
        fixture.file("src/b.java", "class B {}\n// todo two\n");
    }

    @Test
    void findsASubstringAsPathLineText() {
        assertAnswer("a.txt:2: TODO: one\n", fixture.call("search_files", "pattern", "TODO"));
    }

    @Test
    void ignoreCaseFindsBothSpellings() {
        assertEquals("a.txt:2: TODO: one\nsrc/b.java:2: // todo two\n",
                fixture.call("search_files", "pattern", "todo", "ignore_case", true).content());
    }

    @Test
    void aRegexMatchesAndAPlainPatternIsTakenLiterally() {
        assertEquals("a.txt:1: alpha\na.txt:3: beta\n",
                fixture.call("search_files", "pattern", "^(alpha|beta)$", "regex", true).content());
        assertTrue(fixture.call("search_files", "pattern", "^(alpha|beta)$").content().startsWith("No matches"));
    }

    @Test
    void theSearchCanBeLimitedToADirectoryOrAFile() {
        assertEquals("src/b.java:1: class B {}\n", fixture.call("search_files", "pattern", "class", "path", "src")
                .content());
        assertEquals("a.txt:3: beta\n", fixture.call("search_files", "pattern", "beta", "path", "a.txt").content());
    }

    @Test
    void resultsAreCappedWithANote() {
        fixture.file("many.txt", "hit\n".repeat(20));
        String content = fixture.call("search_files", "pattern", "hit", "max_results", 5).content();
        assertEquals(6, content.lines().count());
        assertTrue(content.endsWith(
                "[Stopped at 5 matches; narrow the search with path or a more specific pattern.]\n"));
    }

    @Test
    void binaryFilesAndLinksOutAreSkipped() throws IOException {
        Files.write(fixture.workdir().resolve("bin.dat"), new byte[] {'T', 'O', 'D', 'O', 0});
        Path outside = Files.createDirectories(fixture.temp().resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "TODO secret");
        Files.createSymbolicLink(fixture.workdir().resolve("out"), outside);
        assertEquals("a.txt:2: TODO: one\n", fixture.call("search_files", "pattern", "TODO").content());
    }

    @Test
    void anInvalidRegexAnEmptyPatternAndAnEscapeAreToolErrors() {
        ToolOutcome invalid = fixture.call("search_files", "pattern", "(unclosed", "regex", true);
        assertTrue(invalid.isError());
        assertTrue(invalid.content().startsWith("The regex is not valid: Unclosed group"), invalid.content());
        assertTrue(fixture.call("search_files", "pattern", "").isError());
        assertTrue(fixture.call("search_files", "pattern", "root", "path", "/etc").isError());
        assertEquals("'missing' does not exist.", fixture.call("search_files", "pattern", "x", "path", "missing")
                .content());
    }

    @Test
    void aCatastrophicRegexIsStoppedAtTheTimeout() {
        ToolsFixture.Workspace quick = fixture.elsewhere("quick",
                ToolsFixture.limits(false, 100_000, 1_000_000, Duration.ofSeconds(1)));
        quick.file("evil.txt", "a".repeat(40) + "\n");
        long start = System.nanoTime();
        ToolOutcome outcome = quick.call("search_files", "pattern", "(.*a){12}b", "regex", true);
        assertTrue(outcome.isError());
        assertTrue(outcome.content().contains("TOOL_TIMEOUT"), outcome.content());
        assertTrue(Duration.ofNanos(System.nanoTime() - start).toSeconds() < 5);
    }
}
