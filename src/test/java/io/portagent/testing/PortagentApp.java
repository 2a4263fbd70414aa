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
 * static final PortagentApp APP = PortagentApp.builder().set("WS_PING_INTERVAL", "1").build();
 * }</pre>
 *
 * Settings reach the application the way an app server gives them (context init-params, or JNDI
 * entries), which it reads ahead of its environment, so no class depends on the machine's.
 */
public final class PortagentApp implements AppUnderTest, BeforeAllCallback, AfterAllCallback {

    private final AppServer.Builder server;
    private final Script defaultAnswer;
    private FakeAnthropic model;
    private Path dataDir;
    private AppServer running;

    private PortagentApp(Builder builder) {
        this.server = builder.server;
        this.defaultAnswer = builder.defaultAnswer;
    }

    public static Builder builder() {
        return new Builder();
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

    /** A new user, registered through the API. */
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

    /** A test class's settings, fixed before the application starts. */
    public static final class Builder {
        private final AppServer.Builder server = AppServer.builder();
        private Script defaultAnswer;

        private Builder() {
        }

        /** A setting, given as the context init-param {@code portagent.<key>}. */
        public Builder set(String key, String value) {
            server.set(key, value);
            return this;
        }

        /** A setting given as the JNDI entry {@code java:comp/env/portagent/<key>}. */
        public Builder jndi(String key, String value) {
            server.jndi(key, value);
            return this;
        }

        /** Deploys at {@code path} (e.g. {@code /portagent}) instead of the root. */
        public Builder contextPath(String path) {
            server.contextPath(path);
            return this;
        }

        /** What the fake model answers whenever a test has queued nothing (else its own default). */
        public Builder defaultAnswer(Script script) {
            this.defaultAnswer = script;
            return this;
        }

        public PortagentApp build() {
            return new PortagentApp(this);
        }
    }
}
