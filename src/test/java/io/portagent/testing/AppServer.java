package io.portagent.testing;

import io.portagent.launcher.EmbeddedTomcat;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.catalina.Context;
import org.apache.catalina.LifecycleException;
import org.apache.catalina.LifecycleState;
import org.apache.catalina.startup.Tomcat;
import org.apache.tomcat.util.descriptor.web.ContextEnvironment;

/**
 * The built WAR ({@code target/portagent.war}) running in an embedded Tomcat 11 in this JVM, on a
 * free port, with its own temporary {@code AGENTX_DIR}. Configuration is given the way an app
 * server gives it: context init-params ({@code portagent.<KEY>}) and JNDI environment entries.
 * It takes a few seconds to start: a test class that only needs the app running registers
 * {@link PortagentApp}, which starts one for the class; tests of start-up and restarts use this.
 */
public final class AppServer implements AppUnderTest, AutoCloseable {

    private static final AtomicInteger SERVERS = new AtomicInteger();
    public static final String TEST_API_KEY = "sk-ant-test-0123456789abcdefghij";

    private final Tomcat tomcat;
    private final Builder config;
    private final Path dataDir;
    private final Path base;
    private final boolean ownsDataDir;
    private Context context;

    private AppServer(Tomcat tomcat, Builder config, Path dataDir, Path base) {
        this.ownsDataDir = config.dataDir == null;
        this.tomcat = tomcat;
        this.config = config;
        this.dataDir = dataDir;
        this.base = base;
        this.context = config.deploy(tomcat, dataDir);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The built WAR; failsafe passes its path, so these tests always run the packaged artifact. */
    public static Path war() {
        Path war = Path.of(System.getProperty("portagent.war", "target/portagent.war"));
        if (!Files.isRegularFile(war)) {
            throw new IllegalStateException(war + " is missing: run the integration tests with `mvn verify`");
        }
        return war;
    }

    @Override
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + tomcat.getConnector().getLocalPort() + context.getPath() + "/");
    }

    @Override
    public Path dataDir() {
        return dataDir;
    }

    public boolean started() {
        return context.getState() == LifecycleState.STARTED;
    }

    /** This server, if the application started; otherwise fails with the sentence its start-up left. */
    public AppServer requireStarted() {
        if (!started()) {
            throw new AssertionError("the application did not start: " + startupError().orElse("(no sentence left)"));
        }
        return this;
    }

    /** The operator sentence left by a start-up the application refused. */
    public Optional<String> startupError() {
        return EmbeddedTomcat.startupError(context);
    }

    /**
     * Deploys the same WAR, same configuration, at another path of this server, as an operator who
     * drops a second copy into webapps/ would. Returns its start-up error, or empty if it started.
     * (Two embedded Tomcats in one JVM cannot share JNDI, so "another instance" is modelled here.)
     */
    public Optional<String> deployAlso(String contextPath) throws LifecycleException {
        Context other;
        try {
            other = config.deploy(tomcat, dataDir, contextPath);
        } catch (IllegalStateException e) {
            // a running host starts the context as it is added, and reports a refusal this way
            other = (Context) tomcat.getHost().findChild(contextPath);
        }
        Optional<String> error = EmbeddedTomcat.startupError(other);
        other.stop();
        tomcat.getHost().removeChild(other);
        return other.getState() == LifecycleState.STARTED ? Optional.empty() : error;
    }

    /** Undeploys the web application and deploys the WAR again, as a Tomcat redeploy does, on the same data. */
    public void redeploy() throws LifecycleException {
        context.stop();
        tomcat.getHost().removeChild(context);
        context = config.deploy(tomcat, dataDir);
    }

    @Override
    public void close() {
        boolean wasStarted = started();
        try {
            tomcat.stop();
            tomcat.destroy();
        } catch (LifecycleException e) {
            if (wasStarted) {
                throw new IllegalStateException("Tomcat did not stop", e);
            }
        } finally {
            TestFiles.deleteTree(base);
            if (ownsDataDir) {
                TestFiles.deleteTree(dataDir);
            }
        }
    }

    /** How the app is configured before it starts. */
    public static final class Builder {
        private final Map<String, String> initParams = new LinkedHashMap<>();
        private final Map<String, String> jndi = new LinkedHashMap<>();
        private String contextPath = "";
        private Path dataDir;

        private Builder() {
            initParams.put("LLM_PROVIDER_KEY", TEST_API_KEY);
        }

        /** A context init-param {@code portagent.<key>}. */
        public Builder set(String key, String value) {
            initParams.put(key, value);
            return this;
        }

        public Builder without(String key) {
            initParams.remove(key);
            return this;
        }

        /** A JNDI environment entry {@code java:comp/env/portagent/<key>}. */
        public Builder jndi(String key, String value) {
            jndi.put(key, value);
            return this;
        }

        public Builder contextPath(String path) {
            this.contextPath = path;
            return this;
        }

        public Builder dataDir(Path dir) {
            this.dataDir = dir;
            return this;
        }

        /** Starts the app; check {@link #started()} when a test expects it to refuse. */
        public AppServer start() {
            try {
                Path base = Files.createTempDirectory("portagent-it-tomcat");
                Path dir = dataDir != null ? dataDir : Files.createTempDirectory("portagent-it-data");
                EmbeddedTomcat.quietTomcatLogging();
                Tomcat tomcat = EmbeddedTomcat.newServer(base, 0);
                tomcat.getConnector().setProperty("address", "127.0.0.1");
                // JNDI names each context by engine/host/path: two servers in one JVM need distinct engines.
                tomcat.getEngine().setName("Tomcat-" + SERVERS.incrementAndGet());
                AppServer app = new AppServer(tomcat, this, dir, base);
                startTolerantly(tomcat);
                return app;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private Context deploy(Tomcat tomcat, Path dir) {
            return deploy(tomcat, dir, contextPath);
        }

        private Context deploy(Tomcat tomcat, Path dir, String path) {
            Map<String, String> parameters = new LinkedHashMap<>();
            initParams.forEach((k, v) -> parameters.put("portagent." + k, v));
            parameters.putIfAbsent("portagent.AGENTX_DIR", dir.toString());
            return EmbeddedTomcat.addWar(tomcat, path, war(), parameters,
                    context -> jndi.forEach((k, v) -> context.getNamingResources().addEnvironment(entry(k, v))));
        }

        /** Tomcat 11 reports a context that refused to start by failing its own start; tests look at the context. */
        private static void startTolerantly(Tomcat tomcat) {
            try {
                tomcat.start();
            } catch (LifecycleException e) {
                if (tomcat.getConnector().getLocalPort() <= 0) {
                    throw new IllegalStateException("Tomcat did not start", e);
                }
            }
        }

        private static ContextEnvironment entry(String key, String value) {
            ContextEnvironment environment = new ContextEnvironment();
            environment.setName("portagent/" + key);
            environment.setType(String.class.getName());
            environment.setValue(value);
            return environment;
        }
    }
}
