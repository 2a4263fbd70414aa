package io.portagent.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The service's configuration, resolved once at start-up and never changed afterwards.
 * {@link #origins()} says which source each value came from, for the start-up summary and
 * diagnostics.
 */
public record Settings(
        Providers llm,
        Agent agent,
        Tools tools,
        int port,
        Path agentxDir,
        Optional<String> jwtSecret,
        Optional<String> jwtSecretPrevious,
        boolean inviteCodeRequired,
        LogLevel logLevel,
        Mcp mcp,
        Proxies proxies,
        List<String> trustedProxies,
        WebSocket webSocket,
        AccountRules accounts,
        Optional<DatabaseUrl> databaseUrl,
        Monitoring monitoring,
        SingleSignOn sso,
        Map<ConfigKey, String> origins) {

    /** Who may register ({@code REGISTRATION}). */
    public enum RegistrationMode {
        OPEN, INVITE, CLOSED;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Accounts: the registration mode, the admins by configuration, and how long the audit log is kept. */
    public record AccountRules(RegistrationMode registration, List<String> adminUsernames, int auditRetentionDays) {
        public AccountRules {
            adminUsernames = List.copyOf(adminUsernames);
        }
    }

    /** Limits of model calls and turns, and the largest attachment a message may carry. */
    public record Agent(int maxTokens, java.time.Duration idleTimeout, int maxAttempts, int contextBudgetChars,
            int maxToolIterations, int messageRetentionDays, long userDailyTokenLimit, long attachmentMaxBytes) {
    }

    /** The built-in workspace tools: whether the shell is offered, size limits, and the per-call timeout. */
    public record Tools(boolean shellEnabled, long maxFileBytes, long maxWorkspaceBytes,
            java.time.Duration timeout) {
    }

    /**
     * MCP servers: the operator's {@code MCP_SERVERS} as given (inline JSON or a file path, parsed
     * by the MCP client at start-up), whether PromptX is added, and how long a server may take to start.
     */
    public record Mcp(Optional<String> servers, boolean promptx, java.time.Duration connectTimeout) {
        /** Inline JSON may carry tokens in its env and headers: only its size is shown. */
        @Override
        public String toString() {
            return "Mcp[servers=" + servers.map(v -> v.strip().startsWith("{") ? "(inline JSON, " + v.length()
                    + " characters)" : v) + ", promptx=" + promptx + ", connectTimeout=" + connectTimeout + "]";
        }
    }

    /** The /ws endpoint's limits and keep-alive. */
    public record WebSocket(List<String> allowedOrigins, java.time.Duration pingInterval, int maxFrameChars,
            int sendQueueChars) {
        public WebSocket {
            allowedOrigins = List.copyOf(allowedOrigins);
        }
    }

    /**
     * {@code /metrics} (on or off, and the token that opens it beyond loopback) and how often each
     * provider's key is checked ({@link java.time.Duration#ZERO}: only at start-up).
     */
    public record Monitoring(boolean metricsEnabled, Optional<String> metricsToken,
            java.time.Duration providerCheckInterval) {
        /** The token is a secret: only whether it is set. */
        @Override
        public String toString() {
            return "Monitoring[metricsEnabled=" + metricsEnabled + ", metricsToken="
                    + metricsToken.map(v -> "(set)").orElse("(none)") + ", providerCheckInterval="
                    + providerCheckInterval + "]";
        }
    }

    /** Outbound proxy settings, as read from the usual variables. */
    public record Proxies(Optional<String> http, Optional<String> https, Optional<String> noProxy) {
        @Override
        public String toString() {
            return "Proxies[http=" + http.map(Settings::hideCredentials) + ", https="
                    + https.map(Settings::hideCredentials) + ", noProxy=" + noProxy + "]";
        }
    }

    public Settings {
        trustedProxies = List.copyOf(trustedProxies);
        origins = Map.copyOf(origins);
    }

    /** Resolves every key from the sources, first source wins; throws with every problem found. */
    public static Settings resolve(List<ConfigSource> sources) {
        return new SettingsResolver(sources).resolve();
    }

    public Path dataDir() {
        return agentxDir.resolve("data");
    }

    public Path logsDir() {
        return agentxDir.resolve("logs");
    }

    public Path containersDir() {
        return agentxDir.resolve("containers");
    }

    public Path portagentDb() {
        return dataDir().resolve("portagent.db");
    }

    public Path agentxDb() {
        return dataDir().resolve("agentx.db");
    }

    /** A secret as it may be shown: its first 15 characters (at most half of a short one) and "...". */
    public static String mask(String secret) {
        int shown = Math.min(15, secret.length() / 2);
        return secret.substring(0, shown) + "...";
    }

    /** A URL with its user and password, if any, replaced by {@code ***} (a proxy's credentials). */
    public static String hideCredentials(String url) {
        int at = url.lastIndexOf('@');
        int scheme = url.indexOf("://");
        return at < 0 ? url : url.substring(0, scheme < 0 ? 0 : scheme + 3) + "***@" + url.substring(at + 1);
    }

    /** Every value, for logs and debuggers: the key masked, secrets hidden, proxies without credentials. */
    @Override
    public String toString() {
        return "Settings[llm=" + llm + ", agent=" + agent
                + ", tools=" + tools + ", port=" + port + ", agentxDir=" + agentxDir + ", jwtSecret="
                + jwtSecret.map(v -> "(set)").orElse("(generated)") + ", jwtSecretPrevious="
                + jwtSecretPrevious.map(v -> "(set)").orElse("(none)") + ", inviteCodeRequired=" + inviteCodeRequired
                + ", logLevel=" + logLevel + ", mcp=" + mcp + ", proxies=" + proxies + ", trustedProxies="
                + trustedProxies + ", webSocket=" + webSocket + ", accounts=" + accounts + ", databaseUrl=" + databaseUrl
                + ", monitoring=" + monitoring + ", sso=" + sso + "]";
    }

    /** Lines of the start-up summary; secrets masked. */
    public List<String> summary(boolean launcher) {
        List<String> lines = new ArrayList<>();
        lines.add("Port:           " + (launcher ? String.valueOf(port) : "(the app server's)"));
        // the files below live in its data/, logs/ and containers/: say so, or X/data/... looks like a mistake
        lines.add("Data dir:       " + agentxDir + "  (databases in data/, logs in logs/, workspaces in containers/)");
        for (Providers.Provider p : llm.providers()) {
            String name = Providers.DEFAULT.equals(p.name()) ? "" : " " + p.name();
            lines.add(String.format("%-16s%s  (%s)", "API key" + name + ":", p.maskedKey(), p.keyOrigin()));
            lines.add(String.format("%-16s%s  (%s)", "API URL" + name + ":", p.url(), p.type()));
        }
        lines.add("Models:         " + llm.models().stream().map(Providers.ModelChoice::id)
                .collect(java.util.stream.Collectors.joining(", ")) + "  (default " + llm.defaultModel().id() + ")");
        if (databaseUrl.isPresent()) {
            lines.add("Databases:      " + databaseUrl.get() + "  (PostgreSQL, DATABASE_URL)");
        } else {
            lines.add("Users DB:       " + portagentDb());
            lines.add("Agent DB:       " + agentxDb());
        }
        lines.add("Logs:           " + logsDir().resolve("portagent.log") + "  (level " + logLevel.wireName() + ")");
        lines.add("Invite code:    " + (accounts.registration() == RegistrationMode.INVITE
                ? "required (follows time zone " + java.time.ZoneId.systemDefault() + ")" : "disabled"));
        lines.add("Registration:   " + accounts.registration().wireName() + (accounts.adminUsernames().isEmpty() ? ""
                : ", admins by ADMIN_USERNAMES: " + String.join(", ", accounts.adminUsernames())));
        lines.add("Sign-in:        " + (sso.localLogin() ? "local passwords" : "local passwords only for ADMIN_USERNAMES")
                + sso.ldap().map(l -> ", LDAP " + l.url() + (l.startTls() ? " (StartTLS)" : "")).orElse("")
                + sso.proxy().map(p -> ", header " + p.header() + " from " + String.join(" ", p.trusted())).orElse(""));
        lines.add("PromptX:        " + (mcp.promptx() ? "enabled (when the promptx command exists)" : "disabled"));
        lines.add("Tool limits:    " + tools.maxFileBytes() + " bytes a file, " + tools.maxWorkspaceBytes()
                + " bytes a conversation, " + tools.timeout().toSeconds() + " s a call");
        lines.add("Shell tool:     " + (tools.shellEnabled()
                ? "ENABLED - the model runs bash as OS user '" + System.getProperty("user.name") + "'"
                : "disabled"));
        lines.add("Metrics:        " + (!monitoring.metricsEnabled() ? "disabled (METRICS_ENABLED=false)"
                : monitoring.metricsToken().isPresent() ? "GET /metrics from loopback, elsewhere with METRICS_TOKEN"
                : "GET /metrics from loopback only (set METRICS_TOKEN to scrape from elsewhere)"));
        proxies.http().ifPresent(p -> lines.add("HTTP proxy:     " + hideCredentials(p)));
        proxies.https().ifPresent(p -> lines.add("HTTPS proxy:    " + hideCredentials(p)));
        return lines;
    }

    /** Shown when no source sets {@code LLM_PROVIDER_KEY}. */
    static final String MISSING_KEY = String.join(System.lineSeparator(),
            "LLM_PROVIDER_KEY is required",
            "  Set it in one of these ways:",
            "    export LLM_PROVIDER_KEY=sk-ant-api03-xxxxx             (environment, or a line in .env)",
            "    java -jar portagent.war --api-key sk-ant-api03-xxxxx   (command line)",
            "    JNDI entry java:comp/env/portagent/LLM_PROVIDER_KEY    (app server; see docs/configuration.md)");
}
