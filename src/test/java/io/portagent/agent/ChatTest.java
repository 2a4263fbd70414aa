package io.portagent.agent;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * The set-up of the tests that follow one conversation: a runtime (with the subclass's tools and
 * settings), a user, a new conversation, and a subscriber collecting its events from the start.
 */
abstract class ChatTest {

    static final Duration WAIT = Duration.ofSeconds(20);

    private final ToolRegistry tools;
    private final Map<String, String> settings;
    RuntimeFixture fixture;
    Caller alice;
    String imageId;
    CollectingSink sink;

    ChatTest(ToolRegistry tools, Map<String, String> settings) {
        this.tools = tools;
        this.settings = settings;
    }

    @BeforeEach
    void startChat() {
        fixture = new RuntimeFixture(tools, settings);
        alice = fixture.newUser();
        imageId = fixture.newConversation(alice);
        sink = new CollectingSink();
        fixture.runtime().subscribe(alice, imageId, null, sink);
    }

    @AfterEach
    void stopRuntime() {
        fixture.close();
    }
}
