package io.portagent.testing;

import io.portagent.testing.TestUsers.User;
import java.net.URI;
import java.nio.file.Path;
import org.apache.catalina.LifecycleException;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The built WAR in an embedded Tomcat ({@link AppServer}) with its own data directory, talking to
 * its own fake model ({@link FakeAnthropic}): started once before a test class, as start-up takes
 * seconds, and stopped after it. Register it on a static field, with the class's settings:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final PortagentApp app = PortagentApp.with(AppServer.builder().set("WS_PING_INTERVAL", "1"));
 * }</pre>
 *
 * Settings reach the application the way an app server gives them (context init-params, or JNDI
 * entries), which it reads ahead of its environment, so no class depends on the machine's.
 */
public final class PortagentApp implements AppUnderTest, BeforeAllCallback, AfterAllCallback {

    private final AppServer.Builder server;
    private Script defaultAnswer;
    private FakeAnthropic model;
    private Path dataDir;
    private AppServer running;

    private PortagentApp(AppServer.Builder server) {
        this.server = server;
    }

    /** The application with no settings but the test key and the fake model's URL. */
    public static PortagentApp withDefaults() {
        return with(AppServer.builder());
    }

    /**
     * The application with the class's settings ({@link AppServer.Builder#set}, {@code jndi},
     * {@code contextPath}); this extension gives it its data directory and the fake model's URL.
     */
    public static PortagentApp with(AppServer.Builder settings) {
        return new PortagentApp(settings);
    }

    /** What the fake model answers whenever a test has queued nothing, instead of its own default. */
    public PortagentApp defaultAnswer(Script script) {
        this.defaultAnswer = script;
        return this;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        model = FakeAnthropic.start();
        if (defaultAnswer != null) {
            model.defaultScript(defaultAnswer);
        }
        dataDir = TestFiles.tempDir("portagent-it-data");
        start();
    }

    @Override
    public void afterAll(ExtensionContext context) {
        try {
            stop();
        } finally {
            model.close();
            TestFiles.deleteTree(dataDir);
        }
    }

    /** Starts the application again after {@link #stop()}, on the same data and settings. */
    public void start() {
        if (running != null) {
            throw new IllegalStateException("the application is already running at " + running.baseUri());
        }
        running = server.set("LLM_PROVIDER_URL", model.baseUri().toString()).dataDir(dataDir).start();
        running.requireStarted();
    }

    /** Stops Tomcat and with it the application, as a shutdown does; the data stays for {@link #start()}. */
    public void stop() {
        if (running != null) {
            AppServer stopping = running;
            running = null;
            stopping.close();
        }
    }

    /** Undeploys and deploys the WAR again in the running Tomcat, as an operator's redeploy does. */
    public void redeploy() {
        try {
            running().redeploy();
        } catch (LifecycleException e) {
            throw new IllegalStateException("the redeploy failed", e);
        }
    }

    /** The fake Anthropic server this application calls: tests queue its answers and read its requests. */
    public FakeAnthropic model() {
        if (model == null) {
            throw notStarted();
        }
        return model;
    }

    @Override
    public URI baseUri() {
        return running().baseUri();
    }

    @Override
    public Path dataDir() {
        if (dataDir == null) {
            throw notStarted();
        }
        return dataDir;
    }

    /** A new user, registered through the api. */
    public User newUser() {
        return TestUsers.register(this);
    }

    /** A WebSocket of {@code user}'s, on {@code /ws} with the token in the query. */
    public WsClient connect(User user) {
        return WsClient.connect(baseUri(), user.token());
    }

    private AppServer running() {
        if (running == null) {
            throw notStarted();
        }
        return running;
    }

    private static IllegalStateException notStarted() {
        return new IllegalStateException("the application is not running: register PortagentApp on a static field"
                + " with @RegisterExtension, and start() it again after stop()");
    }
}
