package io.portagent.tools;

import static io.portagent.tools.ToolsFixture.assertToolError;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.agent.ToolRegistry.ToolOutcome;
import io.portagent.config.Settings;
import io.portagent.llm.ToolSpec;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The registry as the runtime sees it: what it offers, and how it answers bad calls. */
class WorkspaceToolsTest {

    @RegisterExtension
    final ToolsFixture fixture = new ToolsFixture();

    @Test
    void theFileToolsAreOfferedWithObjectSchemasAndTheShellIsNotByDefault() {
        List<ToolSpec> specs = fixture.tools().specs(fixture.context());
        assertEquals(List.of("list_files", "read_file", "write_file", "edit_file", "search_files"),
                specs.stream().map(ToolSpec::name).toList());
        for (ToolSpec spec : specs) {
            JsonObject schema = Json.createReader(new StringReader(spec.inputSchemaJson())).readObject();
            assertEquals("object", schema.getString("type"), spec.name());
            assertFalse(schema.getJsonObject("properties").isEmpty(), spec.name());
            assertFalse(spec.description().isBlank());
        }
        assertTrue(fixture.tools().shellWarning().isEmpty());
    }

    @Test
    void theShellToolCannotBeCalledWhenItIsOff() {
        assertToolError("Unknown tool: bash", fixture.call("bash", "command", "echo hi"));
    }

    @Test
    void theShellIsOfferedAndWarnedAboutWhenEnabled() {
        WorkspaceTools withShell = new WorkspaceTools(new Settings.Tools(true, 1000, 3000, Duration.ofSeconds(5)));
        assertTrue(withShell.specs(fixture.context()).stream().anyMatch(s -> s.name().equals("bash")));
        assertTrue(withShell.shellWarning().orElseThrow().contains("trusted single-team server"));
    }

    @Test
    void unknownToolsAndInputThatIsNotAJsonObjectAreToolErrors() throws InterruptedException {
        assertEquals("Unknown tool: rm_rf", fixture.call("rm_rf").content());
        ToolOutcome notJson = fixture.tools().call(fixture.context(), "read_file", "{\"path\": ");
        assertTrue(notJson.isError());
        assertTrue(notJson.content().startsWith("The tool input is not a JSON object"));
        ToolOutcome wrongType = fixture.tools().call(fixture.context(), "read_file", "{\"path\": 42}");
        assertEquals("The parameter 'path' must be a string.", wrongType.content());
    }

    @Test
    void anEmptyInputMeansNoParameters() throws InterruptedException {
        ToolOutcome outcome = fixture.tools().call(fixture.context(), "list_files", "");
        assertFalse(outcome.isError(), outcome.content());
        assertTrue(Files.isDirectory(fixture.workdir()), "the working directory is created on first use");
    }

    @Test
    void anInterruptedCallerGetsInterruptedExceptionNotAResult() {
        fixture.file("a.txt", "x");
        Thread.currentThread().interrupt();
        try {
            assertThrows(InterruptedException.class,
                    () -> fixture.tools().call(fixture.context(), "list_files", "{}"));
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void twoConversationsDoNotSeeEachOthersFiles() {
        ToolsFixture.Workspace other = fixture.elsewhere("other",
                ToolsFixture.limits(false, 1000, 3000, Duration.ofSeconds(5)));
        fixture.call("write_file", "path", "mine.txt", "content", "mine");
        assertEquals("'.' is empty.", other.call("list_files").content());
    }
}
