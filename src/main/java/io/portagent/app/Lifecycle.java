package io.portagent.app;

import io.portagent.agent.AgentRuntime;
import io.portagent.auth.Accounts;
import io.portagent.auth.ApiKeys;
import io.portagent.auth.Audit;
import io.portagent.auth.Groups;
import io.portagent.auth.Invites;
import io.portagent.auth.Profiles;
import io.portagent.auth.Signup;
import io.portagent.auth.StorageReport;
import io.portagent.auth.UserAdmin;
import io.portagent.auth.WsTickets;
import io.portagent.auth.ClientAddress;
import io.portagent.auth.ConsoleSettings;
import io.portagent.auth.ExternalAccounts;
import io.portagent.auth.OidcSignIn;
import io.portagent.auth.ProxySignIn;
import io.portagent.auth.SecurityInstaller;
import io.portagent.config.ConfigSource;
import io.portagent.config.ConfigSources;
import io.portagent.config.JndiSource;
import io.portagent.config.LauncherContract;
import io.portagent.config.Settings;
import io.portagent.config.StartupException;
import io.portagent.config.Version;
import io.portagent.metrics.Metrics;
import io.portagent.metrics.ProviderChecks;
import io.portagent.ops.Banner;
import io.portagent.ops.Logging;
import io.portagent.store.DataDirectory;
import io.portagent.store.JdbcDrivers;
import io.portagent.store.Storage;
import io.portagent.tools.mcp.McpTools;
import io.portagent.ws.Connections;
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
 * data directory, sets up logging, prints the banner, builds the {@link Components}, and offers
 * them to CDI. Any failure stops the deployment with one operator sentence in the log (and, for
 * the launcher, in a context attribute it prints).
 */
@ApplicationScoped
public class Lifecycle {

    private static final String INIT_PARAM_PREFIX = "portagent.";
    /** Context attribute holding this instance, for {@link ShutdownListener}. */
    static final String INSTANCE = "io.portagent.lifecycle";

    private static final Logger LOG = LoggerFactory.getLogger(Lifecycle.class);

    // What CDI may inject, set once start-up has built it: producer fields are read at each injection.
    @Produces private Settings settings;
    @Produces private Storage storage;
    @Produces private Accounts accounts;
    @Produces private Signup signup;
    @Produces private Profiles profiles;
    @Produces private UserAdmin userAdmin;
    @Produces private Groups groups;
    @Produces private Invites invites;
    @Produces private StorageReport storageReport;
    @Produces private Audit audit;
    @Produces private ApiKeys apiKeys;
    @Produces private WsTickets wsTickets;
    @Produces private ExternalAccounts externalAccounts;
    @Produces private ProxySignIn proxySignIn;
    @Produces private OidcSignIn oidcSignIn;
    @Produces private ClientAddress clientAddress;
    @Produces private McpTools mcpTools;
    @Produces private AgentRuntime agentRuntime;
    @Produces private Connections connections;
    @Produces private ConsoleSettings consoleSettings;
    @Produces private Metrics metrics;
    @Produces private ProviderChecks providerChecks;
    private Components components;
    private ServletContext servletContext;
    private boolean securityInstalled;
    private final AtomicBoolean stopped = new AtomicBoolean();

    void start(@Observes @Initialized(ApplicationScoped.class) ServletContext context) {
        context.setAttribute(INSTANCE, this);
        try {
            List<ConfigSource> operator = sources(context);
            settings = Settings.resolve(operator);
            DataDirectory.prepare(settings.agentxDir());
            Logging.configure(settings.logsDir(), settings.logLevel());
            Banner.lines(settings, Boolean.parseBoolean(context.getInitParameter(
                    LauncherContract.LAUNCHER_FLAG))).forEach(LOG::info);
            components = new Components(operator, settings, Clock.systemUTC());
            offer(components);
            servletContext = context;
            securityInstalled = SecurityInstaller.install(context);
            LOG.info("Tokens signed with {}", components.secrets.origin());
            if (userAdmin.directory().activeAdmins() == 0) {
                Banner.noAdmin().forEach(LOG::warn);
            }
            LOG.info("Portagent {} started on {}", Version.current(), context.getServerInfo());
        } catch (StartupException e) {
            LOG.error(e.display());
            context.setAttribute(LauncherContract.STARTUP_ERROR, e.display());
            throw e;
        } catch (RuntimeException e) {
            LOG.error("Start-up failed", e);
            context.setAttribute(LauncherContract.STARTUP_ERROR, "Error: start-up failed: " + e);
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
        if (components != null) {
            components.close();
            LOG.info("Portagent stopped; databases checkpointed and closed");
        }
        JdbcDrivers.deregisterOurs();
        RecordMethodCaches.release();
        Logging.stop();
    }

    private void offer(Components parts) {
        settings = parts.settings;
        consoleSettings = parts.consoleSettings;
        storage = parts.storage;
        accounts = parts.accounts.accounts();
        signup = parts.accounts.signup();
        profiles = parts.accounts.profiles();
        userAdmin = parts.accounts.users();
        groups = parts.accounts.groups();
        invites = parts.accounts.invites();
        storageReport = parts.accounts.storage();
        audit = parts.accounts.audit();
        apiKeys = parts.accounts.apiKeys();
        wsTickets = parts.accounts.tickets();
        externalAccounts = parts.accounts.external();
        proxySignIn = parts.accounts.proxySignIn();
        oidcSignIn = parts.accounts.oidcSignIn();
        clientAddress = parts.clientAddress;
        mcpTools = parts.mcp;
        agentRuntime = parts.runtime;
        connections = parts.connections;
        metrics = parts.metrics;
        providerChecks = parts.providerChecks;
    }

    static List<ConfigSource> sources(ServletContext context) {
        Map<String, String> cli = new HashMap<>();
        Map<String, String> initParams = new HashMap<>();
        for (String name : Collections.list(context.getInitParameterNames())) {
            if (name.startsWith(LauncherContract.CLI_PREFIX)) {
                cli.put(name.substring(LauncherContract.CLI_PREFIX.length()), context.getInitParameter(name));
            } else if (name.startsWith(INIT_PARAM_PREFIX)) {
                initParams.put(name.substring(INIT_PARAM_PREFIX.length()), context.getInitParameter(name));
            }
        }
        List<ConfigSource> upper = List.of(
                ConfigSource.of("command line", cli),
                new JndiSource(),
                ConfigSource.of("context init-param", initParams),
                ConfigSource.systemProperties());
        return ConfigSources.layered(upper, System.getenv(), Path.of("").toAbsolutePath());
    }
}
