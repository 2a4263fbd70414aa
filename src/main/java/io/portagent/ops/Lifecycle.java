package io.portagent.ops;

import io.portagent.agent.AgentRuntime;
import io.portagent.agent.AgentServices;
import io.portagent.agent.ToolRegistry;
import io.portagent.auth.Accounts;
import io.portagent.auth.AuthServices;
import io.portagent.auth.ClientAddress;
import io.portagent.auth.SecurityInstaller;
import io.portagent.config.ConfigSource;
import io.portagent.config.ConfigSources;
import io.portagent.config.JndiSource;
import io.portagent.config.Settings;
import io.portagent.config.StartupException;
import io.portagent.config.Version;
import io.portagent.store.DataDirectory;
import io.portagent.ws.Connections;
import io.portagent.store.JdbcDrivers;
import io.portagent.store.Storage;
import io.portagent.tools.WorkspaceTools;
import io.portagent.tools.mcp.McpTools;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Produces;
import jakarta.servlet.ServletContext;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts and stops the service with the web application: resolves the settings, prepares the
 * data directory, sets up logging, prints the banner, and opens storage. Any failure stops
 * the deployment with one operator sentence in the log (and, for the launcher, in a context
 * attribute it prints).
 */
@ApplicationScoped
public class Lifecycle {

    /** Context attribute holding the start-up error line, read by the launcher. */
    public static final String STARTUP_ERROR = "io.portagent.startupError";
    /** Init-param prefix the launcher uses to pass command-line values (highest precedence). */
    public static final String CLI_PREFIX = "portagent.cli.";
    /** Init-param set by the launcher so the summary can show its port. */
    public static final String LAUNCHER_FLAG = "portagent.launcher";
    private static final String INIT_PARAM_PREFIX = "portagent.";
    /** Context attribute holding this instance, for {@link ShutdownListener}. */
    static final String INSTANCE = "io.portagent.lifecycle";

    private static final Logger LOG = LoggerFactory.getLogger(Lifecycle.class);

    private Settings settings;
    private Storage storage;
    private AuthServices auth;
    private AgentServices agents;
    private McpTools mcp;
    private Connections connections;
    private ServletContext servletContext;
    private boolean securityInstalled;
    private final AtomicBoolean stopped = new AtomicBoolean();

    void start(@Observes @Initialized(ApplicationScoped.class) ServletContext context) {
        context.setAttribute(INSTANCE, this);
        try {
            settings = Settings.resolve(sources(context));
            DataDirectory.prepare(settings.agentxDir());
            Logging.configure(settings.logsDir(), settings.logLevel());
            Banner.lines(settings, Boolean.parseBoolean(context.getInitParameter(LAUNCHER_FLAG))).forEach(LOG::info);
            storage = Storage.open(settings);
            LOG.info("Databases: {} and {}", storage.users().source().describe(), storage.agents().source().describe());
            auth = AuthServices.create(settings, storage, Clock.systemUTC());
            WorkspaceTools tools = WorkspaceTools.from(settings);
            tools.shellWarning().ifPresent(LOG::warn);
            mcp = McpTools.from(settings);
            LOG.info(mcp.summary());
            agents = AgentServices.start(settings, storage, ToolRegistry.combine(List.of(tools, mcp)),
                    Clock.systemUTC());
            mcp.warmUp();
            connections = new Connections(auth.accounts(), settings.webSocket());
            servletContext = context;
            securityInstalled = SecurityInstaller.install(context);
            LOG.info("Tokens signed with {}", auth.secrets().origin());
            LOG.info("Portagent {} started on {}", Version.current(), context.getServerInfo());
        } catch (StartupException e) {
            LOG.error(e.display());
            context.setAttribute(STARTUP_ERROR, e.display());
            throw e;
        } catch (RuntimeException e) {
            LOG.error("Start-up failed", e);
            context.setAttribute(STARTUP_ERROR, "Error: start-up failed: " + e);
            throw e;
        }
    }

    /**
     * Runs once: from {@link ShutdownListener} when the web application stops (while its class
     * loader is still open, which Payara no longer guarantees by the time CDI destroys this bean),
     * or else when CDI destroys the application scope.
     */
    @PreDestroy
    void stop() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        if (servletContext != null) {
            servletContext.removeAttribute(INSTANCE);
        }
        if (securityInstalled) {
            SecurityInstaller.uninstall(servletContext);
        }
        if (connections != null) {
            connections.close();
        }
        if (agents != null) {
            agents.close();
        }
        if (mcp != null) {
            mcp.close();
        }
        if (storage != null) {
            storage.close();
            LOG.info("Portagent stopped; databases checkpointed and closed");
        }
        JdbcDrivers.deregisterOurs();
        Logging.stop();
    }

    @Produces
    Settings settings() {
        return settings;
    }

    @Produces
    Storage storage() {
        return storage;
    }

    @Produces
    Accounts accounts() {
        return auth.accounts();
    }

    @Produces
    AgentRuntime agentRuntime() {
        return agents.runtime();
    }

    @Produces
    McpTools mcpTools() {
        return mcp;
    }

    @Produces
    Connections connections() {
        return connections;
    }

    @Produces
    ClientAddress clientAddress() {
        return auth.clientAddress();
    }

    static List<ConfigSource> sources(ServletContext context) {
        Map<String, String> cli = new HashMap<>();
        Map<String, String> initParams = new HashMap<>();
        for (String name : Collections.list(context.getInitParameterNames())) {
            if (name.startsWith(CLI_PREFIX)) {
                cli.put(name.substring(CLI_PREFIX.length()), context.getInitParameter(name));
            } else if (name.startsWith(INIT_PARAM_PREFIX)) {
                initParams.put(name.substring(INIT_PARAM_PREFIX.length()), context.getInitParameter(name));
            }
        }
        List<ConfigSource> upper = List.of(
                ConfigSource.of("command line", cli),
                new JndiSource(),
                ConfigSource.of("context init-param", initParams));
        return ConfigSources.layered(upper, System.getenv(), Path.of("").toAbsolutePath());
    }
}
