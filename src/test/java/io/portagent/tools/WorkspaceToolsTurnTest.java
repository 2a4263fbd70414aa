package io.portagent.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.testing.Processes;
import io.portagent.testing.Script;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Whole turns through the runtime where the (fake) model uses the workspace tools. */
class WorkspaceToolsTurnTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dataDir;

    @Test
    void theModelWritesAFileThenReadsItBackAndAnswers() throws Exception {
        try (TurnFixture turn = new TurnFixture(dataDir, Map.of())) {
            turn.fake.enqueue(
                    Script.toolUse("toolu_w", "write_file", "{\"path\":\"notes/plan.md\",",
                            "\"content\":\"step 1\\n\"}"),
                    Script.toolUse("toolu_r", "read_file", "{\"path\":\"notes/plan.md\"}"),
                    Script.text("The plan has one step."));
            turn.services.runtime().send(turn.caller, turn.imageId, "Write a plan and read it back.");
            assertEquals("end_turn", turn.await("conversation_end", WAIT).getString("reason"));

            assertEquals("step 1\n", Files.readString(turn.workdir().resolve("notes/plan.md")));
            List<JsonObject> results = turn.data("tool_result");
            assertEquals(2, results.size());
            assertEquals("Created 'notes/plan.md' (7 bytes).", results.get(0).getString("result"));
            assertEquals("     1\tstep 1\n", results.get(1).getString("result"));
            assertFalse(results.get(1).getBoolean("isError"));
            assertEquals("The plan has one step.", turn.data("text_delta").get(0).getString("text"));
            String third = turn.fake.awaitRequests(3, WAIT).get(2).bodyJson().getJsonArray("messages").toString();
            assertTrue(third.contains("step 1"), "the read result went back to the model");
            assertTrue(turn.fake.lastRequest().bodyJson().getJsonArray("tools").toString().contains("edit_file"));
        }
    }

    @Test
    void aPathEscapeIsAToolErrorTheModelReadsAndTheTurnGoesOn() throws Exception {
        try (TurnFixture turn = new TurnFixture(dataDir, Map.of())) {
            turn.fake.enqueue(Script.toolUse("toolu_x", "read_file", "{\"path\":\"../../../data/agentx.db\"}"),
                    Script.text("I may not read that."));
            turn.services.runtime().send(turn.caller, turn.imageId, "Read the database.");
            assertEquals("end_turn", turn.await("conversation_end", WAIT).getString("reason"));
            JsonObject result = turn.data("tool_result").get(0);
            assertTrue(result.getBoolean("isError"));
            assertTrue(result.getString("result").contains("'..' is not allowed"));
        }
    }

    @Test
    void interruptingTheTurnStopsARunningShellCommand() throws Exception {
        try (TurnFixture turn = new TurnFixture(dataDir, Map.of("ENABLE_SHELL_TOOL", "true"))) {
            turn.fake.enqueue(Script.toolUse("toolu_b", "bash",
                    "{\"command\":\"sleep 60 & echo $! > child.pid; wait\"}"));
            turn.services.runtime().send(turn.caller, turn.imageId, "Wait a minute.");
            long child = Processes.awaitPidIn(turn.workdir().resolve("child.pid"), WAIT);
            turn.services.runtime().interrupt(turn.caller, turn.imageId);
            assertEquals("interrupted", turn.await("conversation_end", WAIT).getString("reason"));
            Processes.awaitEnded(child, Duration.ofSeconds(5));
        }
    }
}
