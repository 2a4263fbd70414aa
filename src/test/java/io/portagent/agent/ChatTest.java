package io.portagent.agent;

import io.portagent.testing.Dialect;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The set-up of the tests that follow one conversation: a runtime (with the subclass's tools and
 * settings), a user, a new conversation, and a subscriber collecting its events from the start.
 * Every such test runs once per provider protocol, with the same scripts: the turn engine must
 * not tell them apart.
 */
@ParameterizedClass
@EnumSource(Dialect.class)
abstract class ChatTest {

    static final Duration WAIT = Duration.ofSeconds(20);

    /** The protocol of this run's fake provider. */
    @Parameter
    Dialect dialect;
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
        fixture = new RuntimeFixture(dialect, tools, settings);
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
