package io.portagent.app;

import io.portagent.agent.AgentRuntime;
import io.portagent.agent.Cluster;
import io.portagent.agent.Retention;
import io.portagent.agent.ToolRegistry;
import io.portagent.agent.Caller;
import io.portagent.agent.Conversation;
import io.portagent.auth.AccountServices;
import io.portagent.auth.AuditRetention;
import io.portagent.auth.ClientAddress;
import io.portagent.auth.ConsoleSettings;
import io.portagent.auth.GroupModelPolicy;
import io.portagent.auth.Revocations;
import io.portagent.auth.SecretRotationAudit;
import io.portagent.auth.TokenSecrets;
import io.portagent.config.ConfigSource;
import io.portagent.config.Settings;
import io.portagent.config.Providers;
import io.portagent.llm.LlmObserver;
import io.portagent.llm.ModelRouter;
import io.portagent.metrics.Metrics;
import io.portagent.metrics.ProviderChecks;
import io.portagent.ops.Health;
import io.portagent.llm.SwitchableModelProvider;
import io.portagent.store.SettingsRepository;
import io.portagent.store.Storage;
import io.portagent.tools.WorkspaceTools;
import io.portagent.tools.mcp.McpTools;
import io.portagent.ws.Connections;
import io.portagent.ws.ConversationFeed;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running service's parts, built once at start-up in the order they need each other, and
 * closed in the reverse order: storage (and the settings stored in the console, resolved beneath the
 * operator's), tools and MCP servers, accounts (and the audit log's
 * retention), the model clients, the agent runtime with the groups' model policy (after closing any
 * turn a crash left open), retention, the socket registry. A part that fails to start closes the parts built before it.
 */
final class Components implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Components.class);

    /** How long the model clients replaced in the console may finish their calls before they are closed. */
    private static final java.time.Duration PROVIDER_GRACE = java.time.Duration.ofMinutes(10);

    private final Deque<AutoCloseable> opened = new ArrayDeque<>();
    /** The operator's settings with those stored in the console beneath them, as resolved at start-up. */
    final Settings settings;
    final ConsoleSettings consoleSettings;
    final Storage storage;
    final TokenSecrets secrets;
    final AccountServices accounts;
    final ClientAddress clientAddress;
    final McpTools mcp;
    /** The other nodes on the shared database, or null on SQLite. */
    final Cluster cluster;
    final AgentRuntime runtime;
    final Connections connections;
    final Metrics metrics;
    final ProviderChecks providerChecks;

    Components(List<ConfigSource> operator, Settings operatorSettings, Clock clock) {
        try {
            metrics = opened(new Metrics());
            storage = opened(Storage.open(operatorSettings));
            metrics.watch(storage.users(), Health::isHealthy);
            metrics.watch(storage.agents(), Health::isHealthy);
            SettingsRepository stored = new SettingsRepository(storage.users());
            settings = ConsoleSettings.resolve(operator, stored.all());
            LOG.info("Databases: {} and {}", storage.users().source().describe(), storage.agents().source().describe());
            secrets = TokenSecrets.resolve(settings, storage.users());
            clientAddress = new ClientAddress(settings.trustedProxies());
            WorkspaceTools tools = WorkspaceTools.from(settings);
            tools.shellWarning().ifPresent(LOG::warn);
            mcp = opened(McpTools.from(settings));
            metrics.watch(mcp);
            LOG.info(mcp.summary());
            accounts = AccountServices.build(settings, secrets, storage.users(), storage.agents(),
                    this::deleteConversations, clock);
            if (SecretRotationAudit.recordAtStart(secrets, accounts.audit())) {
                LOG.info("The token secret was rotated ({}); tokens of JWT_SECRET_PREVIOUS are still accepted",
                        secrets.origin());
            }
            int auditDays = settings.accounts().auditRetentionDays();
            if (auditDays > 0) {
                opened(new AuditRetention(accounts.audit(), auditDays));
            }
            metrics.watch(accounts.accounts().logins());
            LlmObserver calls = metrics.llmObserver();
            SwitchableModelProvider llm = opened(new SwitchableModelProvider(ModelRouter.start(settings, calls),
                    PROVIDER_GRACE));
            consoleSettings = new ConsoleSettings(operator, stored, settings, llm, calls, accounts.audit(), clock);
            cluster = storage.shared() ? opened(Cluster.join(storage.agents())) : null;
            if (cluster != null) {
                shareWithOtherNodes(cluster);
            }
            runtime = opened(new AgentRuntime(settings, storage.agents(), llm, ToolRegistry.combine(List.of(tools, mcp)),
                    clock, new GroupModelPolicy(consoleSettings::current, accounts.groups()), cluster));
            runtime.observe(metrics.turnObserver(model -> consoleSettings.current().llm().model(model)
                    .map(Providers.ModelChoice::provider).orElse("unknown")));
            metrics.watch(runtime);
            int crashed = runtime.recoverCrashedTurns();
            if (crashed > 0) {
                LOG.warn("Closed {} turn(s) left running by the last shutdown", crashed);
            }
            int days = settings.agent().messageRetentionDays();
            if (days > 0) {
                opened(new Retention(runtime, days, clock));
            }
            mcp.warmUp();
            connections = opened(new Connections(accounts.accounts(), accounts.signOuts(), settings.webSocket()));
            metrics.watch(connections);
            runtime.watch(new ConversationFeed(runtime, connections));
            providerChecks = opened(new ProviderChecks(llm::checkKeys, metrics.registry()));
            providerChecks.start(settings.monitoring().providerCheckInterval());
        } catch (RuntimeException | Error e) {
            // An Error too (a class the server does not show the application): what was
            // opened, the instance lock included, must not outlive the failed start.
            close();
            throw e;
        }
    }

    /** What other nodes must hear of: a token revoked here, settings changed here; and what this node hears of them. */
    private void shareWithOtherNodes(Cluster cluster) {
        Revocations revocations = accounts.accounts().revocations();
        revocations.onRevoke((tokenId, expiresAt) -> cluster.control(REVOKED, tokenId, String.valueOf(expiresAt)));
        cluster.onControl(REVOKED, args -> revocations.remember(args.get(0), Long.parseLong(args.get(1))));
        cluster.onReconnect(revocations::reload);
        consoleSettings.onChange(() -> cluster.control(SETTINGS));
        cluster.onControl(SETTINGS, args -> consoleSettings.reload());
        cluster.onReconnect(consoleSettings::reload);
    }

    private static final String REVOKED = "revoked";
    private static final String SETTINGS = "settings";

    /** A deleted user's conversations: each running turn stopped, then each conversation and its files deleted. */
    private void deleteConversations(Caller caller) {
        for (Conversation conversation : runtime.conversations().list(caller)) {
            runtime.delete(caller, conversation.id());
        }
    }

    private <T extends AutoCloseable> T opened(T part) {
        opened.push(part);
        return part;
    }

    /** Closes every part that was started, the last one first; a part that fails to close does not stop the rest. */
    @Override
    public void close() {
        while (!opened.isEmpty()) {
            AutoCloseable part = opened.pop();
            try {
                part.close();
            } catch (Exception e) {
                LOG.warn("Stopping {} failed: {}", part.getClass().getSimpleName(), e.toString());
            }
        }
    }
}
