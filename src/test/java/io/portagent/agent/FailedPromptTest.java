package io.portagent.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.testing.Script;
import jakarta.json.JsonArray;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A failed turn never poisons its conversation: its prompt (and any partial answer) stays out of
 * later context, so the next message is answered on its own, and the user may send the failed
 * prompt again explicitly with a retry.
 */
class FailedPromptTest extends ChatTest {

    FailedPromptTest() {
        super(ToolRegistry.NONE, Map.of("LLM_MAX_ATTEMPTS", "1"));
    }

    /** Sends a prompt the provider fails once, mid-answer; returns the stored prompt's id. */
    private String failingPrompt() {
        fixture.fake.enqueue(Script.text("half ", "an answer").deltaDelay(Duration.ofMillis(50))
                .overloadedAfterDeltas(1));
        String messageId = fixture.runtime().send(alice, imageId, "the prompt that failed");
        assertEquals("overloaded", CollectingSink.data(sink.await(EventType.ERROR, WAIT)).getString("code"));
        fixture.awaitHistory(alice, imageId, 3);
        return messageId;
    }

    /** The messages the model was sent in the last request, as JSON text. */
    private String lastContext() {
        JsonArray messages = fixture.fake.lastRequest().bodyJson().getJsonArray("messages");
        return messages.toString();
    }

    @Test
    void theNextPromptIsSentWithoutTheFailedOneOrItsPartialAnswer() {
        failingPrompt();
        fixture.fake.enqueue(Script.text("Answered."));
        fixture.runtime().send(alice, imageId, "a new question");
        sink.awaitCount(EventType.CONVERSATION_END, 2, WAIT);

        String context = lastContext();
        assertTrue(context.contains("a new question"), context);
        assertFalse(context.contains("the prompt that failed"), context);
        assertFalse(context.contains("half"), context);
        assertEquals(List.of("user", "assistant", "error", "user", "assistant"), fixture.awaitHistory(alice, imageId,
                5).stream().map(m -> m.kind().wireName()).toList(), "the history still shows what happened");
    }

    @Test
    void aRetrySendsTheFailedPromptAgainAsTheSameMessage() {
        String failedId = failingPrompt();
        fixture.fake.enqueue(Script.text("Now it works."));
        assertEquals(failedId, fixture.runtime().retry(alice, imageId));
        sink.awaitCount(EventType.CONVERSATION_END, 2, WAIT);
        assertTrue(lastContext().contains("the prompt that failed"), lastContext());
        assertFalse(lastContext().contains("half"), lastContext());

        List<Message> history = fixture.awaitHistory(alice, imageId, 4);
        assertEquals(List.of("user", "assistant", "error", "assistant"),
                history.stream().map(m -> m.kind().wireName()).toList());
        assertEquals("\"Now it works.\"", history.get(3).content());

        fixture.fake.enqueue(Script.text("Sure."));
        fixture.runtime().send(alice, imageId, "and then?");
        sink.awaitCount(EventType.CONVERSATION_END, 3, WAIT);
        String context = lastContext();
        assertTrue(context.contains("the prompt that failed") && context.contains("Now it works."), context);
        assertFalse(context.contains("half"), context);
    }

    @Test
    void thereIsNothingToRetryWhenTheLastTurnDidNotFail() {
        AgentException none = assertThrows(AgentException.class, () -> fixture.runtime().retry(alice, imageId));
        assertEquals("nothing_to_retry", none.code());
        fixture.fake.enqueue(Script.text("Fine."));
        fixture.runtime().send(alice, imageId, "hello");
        sink.await(EventType.CONVERSATION_END, WAIT);
        fixture.awaitHistory(alice, imageId, 2);
        assertEquals("nothing_to_retry", assertThrows(AgentException.class,
                () -> fixture.runtime().retry(alice, imageId)).code());
        assertEquals(1, fixture.fake.requests().size(), "nothing was sent again");
    }

    @Test
    void anotherUsersConversationCannotBeRetried() {
        failingPrompt();
        Caller mallory = fixture.newUser();
        assertEquals("not_found", assertThrows(AgentException.class,
                () -> fixture.runtime().retry(mallory, imageId)).code());
    }
}
