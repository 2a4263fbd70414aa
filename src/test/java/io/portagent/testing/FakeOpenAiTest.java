package io.portagent.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Proves the fake Chat Completions server against the protocol as a plain HTTP client sees it:
 * the chunk stream, and the refusals of a history that breaks the {@code tool_call_id} rule.
 */
class FakeOpenAiTest {

    private static final String CALL = "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":[{\"id\":\"call_1\","
            + "\"type\":\"function\",\"function\":{\"name\":\"now\",\"arguments\":\"{}\"}}]}";

    private FakeOpenAi fake;
    private HttpClient client;

    @BeforeEach
    void start() {
        fake = FakeOpenAi.start();
        client = HttpClient.newHttpClient();
    }

    @AfterEach
    void stop() {
        fake.close();
        assertEquals(List.of(), fake.internalErrors());
    }

    @Test
    void aStreamIsChunksOfDataLinesEndingInDone() throws Exception {
        fake.enqueue(Script.text("a", "b").toolUse("call_7", "now", "{}"));

        HttpResponse<String> response = post("{\"role\":\"user\",\"content\":\"Hi\"}");

        assertEquals(200, response.statusCode());
        String body = response.body();
        assertTrue(body.startsWith("data: {\"id\":"), body);
        assertTrue(body.contains("\"delta\":{\"content\":\"b\"}"), body);
        assertTrue(body.contains("\"tool_calls\":[{\"index\":0,\"id\":\"call_7\""), body);
        assertTrue(body.contains("\"finish_reason\":\"tool_calls\""), body);
        assertTrue(body.contains("\"usage\":{\"prompt_tokens\":25"), body);
        assertTrue(body.endsWith("data: [DONE]\n\n"), body);
        assertTrue(!body.contains("event:"), body);
    }

    @Test
    void withABoundOnlyTheNewestRequestsAreKeptAndEveryOneIsCounted() throws Exception {
        fake.keepRequests(2);
        for (String word : List.of("one", "two", "three")) {
            assertEquals(200, post("{\"role\":\"user\",\"content\":\"" + word + "\"}").statusCode());
        }
        List<RecordedRequest> kept = fake.awaitRequests(3, java.time.Duration.ofSeconds(5));
        assertEquals(2, kept.size());
        assertTrue(kept.get(0).body().contains("two") && kept.get(1).body().contains("three"), kept.toString());
    }

    @Test
    void aToolMessageThatAnswersNoCallIsRefused() throws Exception {
        HttpResponse<String> response = post("{\"role\":\"user\",\"content\":\"Hi\"}",
                "{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"x\"}");

        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("must be a response to a preceding message with 'tool_calls'"));
        assertEquals(0, fake.activeStreams());
    }

    @Test
    void aCallWithoutItsToolMessageIsRefused() throws Exception {
        HttpResponse<String> response = post("{\"role\":\"user\",\"content\":\"Hi\"}", CALL,
                "{\"role\":\"user\",\"content\":\"well?\"}");

        assertEquals(400, response.statusCode());
        assertTrue(response.body().contains("did not have response messages: call_1"), response.body());
    }

    @Test
    void aToolMessageWithTheCallsIdIsAccepted() throws Exception {
        HttpResponse<String> response = post("{\"role\":\"user\",\"content\":\"Hi\"}", CALL,
                "{\"role\":\"tool\",\"tool_call_id\":\"call_1\",\"content\":\"12:00\"}");

        assertEquals(200, response.statusCode());
    }

    private HttpResponse<String> post(String... messages) throws IOException, InterruptedException {
        String body = "{\"model\":\"llama3.1:8b\",\"stream\":true,\"messages\":[" + String.join(",", messages) + "]}";
        return client.send(HttpRequest.newBuilder(fake.messagesUri()).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), BodyHandlers.ofString());
    }
}
