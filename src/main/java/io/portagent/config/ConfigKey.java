package io.portagent.config;

import java.util.Arrays;
import java.util.Optional;

/**
 * Every configuration key, declared once: its environment name, its command-line flags, its
 * default and a line of help. JNDI entries are {@code java:comp/env/portagent/<name>} and
 * context init-params {@code portagent.<name>}.
 */
public enum ConfigKey {
    LLM_PROVIDERS("--providers", null, "default", "the model providers, each with LLM_PROVIDER_<NAME>_TYPE/_URL/_KEY/_MODELS (docs/providers.md)"),
    LLM_MODELS("--models", null, null, "the models users may choose, the first the default (default: every model the providers list)"),
    LLM_PROVIDER_TYPE(null, null, "anthropic", "provider protocol: anthropic, or openai (any OpenAI-compatible server)"),
    LLM_PROVIDER_KEY("--api-key", null, null, "provider API key (required for anthropic)"),
    LLM_PROVIDER_URL("--api-url", null, "https://api.anthropic.com", "provider base URL"),
    LLM_PROVIDER_MODEL("--model", null, "claude-sonnet-4-20250514", "the default provider's model when neither LLM_MODELS nor LLM_PROVIDER_MODELS is set"),
    LLM_MAX_TOKENS(null, null, "8192", "max_tokens of each model call"),
    LLM_IDLE_TIMEOUT(null, null, "60", "seconds without a byte from the provider before a stream counts as stalled"),
    LLM_MAX_ATTEMPTS(null, null, "4", "attempts per model call for retryable errors, before the first token"),
    USER_DAILY_TOKEN_LIMIT(null, null, "0", "input plus output tokens a user may use per day, server's time zone (0: no limit)"),
    CONTEXT_BUDGET_CHARS(null, null, "400000", "history sent to the model, in characters (oldest dropped first)"),
    MAX_TOOL_ITERATIONS(null, null, "25", "model calls per turn before a runaway tool loop is stopped"),
    TOOL_TIMEOUT(null, null, "120", "seconds one built-in tool call may run before it is stopped"),
    WORKSPACE_MAX_FILE_BYTES(null, null, "10485760", "largest file the file tools write in a working directory"),
    ATTACHMENT_MAX_BYTES(null, null, "10485760", "largest file a user may attach to a message (image, PDF or text)"),
    WORKSPACE_MAX_BYTES(null, null, "104857600", "total size of one conversation's working directory (file tools)"),
    ENABLE_SHELL_TOOL(null, null, "false", "offer the model a bash tool, run as the server's OS user"),
    MESSAGE_RETENTION_DAYS(null, null, "0", "delete messages (and their events) older than this many days, daily (0 keeps all)"),
    PORT("--port", "-p", "5200", "HTTP port of the launcher"),
    AGENTX_DIR("--data-dir", "-d", "~/.agentx", "data directory"),
    DATABASE_URL("--database-url", null, null, "postgresql://user:password@host:5432/database: both databases on PostgreSQL, for several nodes (default: SQLite files in the data directory)"),
    JWT_SECRET("--jwt-secret", null, null, "token signing secret (default: generated and stored)"),
    JWT_SECRET_PREVIOUS(null, null, null, "the secret before a rotation, still accepted for verification"),
    INVITE_CODE_REQUIRED("--invite-code-required", null, "false", "registration needs an invite code"),
    REGISTRATION(null, null, null, "open, invite or closed (default: open, or invite with INVITE_CODE_REQUIRED)"),
    ADMIN_USERNAMES(null, null, "", "comma-separated usernames that are admins whenever they exist"),
    AUDIT_RETENTION_DAYS(null, null, "365", "delete audit log entries older than this many days, daily (0 keeps all)"),
    LOG_LEVEL(null, null, "info", "debug, info, warn or error"),
    ENABLE_PROMPTX(null, null, "true", "attach the PromptX MCP server when its command exists"),
    MCP_SERVERS(null, null, null, "MCP servers for the agent: JSON, or the path of a JSON file (docs/tools.md)"),
    MCP_CONNECT_TIMEOUT(null, null, "30", "seconds to start or reach an MCP server and list its tools"),
    ALLOWED_ORIGINS(null, null, "", "browser origins besides the service's own host that may open /ws"),
    WS_PING_INTERVAL(null, null, "25", "seconds between WebSocket pings (keep under the proxy's read timeout)"),
    WS_MAX_FRAME_CHARS(null, null, "1048576", "largest WebSocket text frame a client may send, in characters"),
    WS_SEND_QUEUE_CHARS(null, null, "4194304", "unsent characters a slow client may owe (beyond a replay it asked for) before it is disconnected"),
    LOCAL_LOGIN(null, null, "true", "sign-in with local passwords (false: only single sign-on, and the ADMIN_USERNAMES accounts as break-glass)"),
    LDAP_URL(null, null, null, "ldap://host:389 or ldaps://host:636 of the directory (default: no LDAP sign-in)"),
    LDAP_STARTTLS(null, null, "false", "upgrade an ldap:// connection with StartTLS before binding"),
    LDAP_BIND_DN(null, null, null, "DN of the service account that searches for users (default: anonymous search)"),
    LDAP_BIND_PASSWORD(null, null, null, "password of LDAP_BIND_DN"),
    LDAP_USER_BASE(null, null, null, "where users are searched, e.g. ou=people,dc=example,dc=org (required with LDAP_URL)"),
    LDAP_USER_FILTER(null, null, "(uid={0})", "filter finding the user, {0} the typed name (Active Directory: (sAMAccountName={0}))"),
    LDAP_GROUP_BASE(null, null, null, "where groups are searched (default: no group sync)"),
    LDAP_ADMIN_GROUP(null, null, null, "cn or DN of the directory group whose members are admins (default: roles not synced)"),
    OIDC_ISSUER(null, null, null, "issuer URL of the OpenID Connect provider, e.g. https://sso.example.org/realms/staff (default: no OIDC sign-in)"),
    OIDC_CLIENT_ID(null, null, null, "this service's client id at the OIDC provider (required with OIDC_ISSUER)"),
    OIDC_CLIENT_SECRET(null, null, null, "its client secret (default: none, a public client proving itself with PKCE only)"),
    OIDC_SCOPES(null, null, "openid profile email", "scopes asked for at sign-in (add the one that releases groups if the provider needs it)"),
    OIDC_GROUPS_CLAIM(null, null, "groups", "claim (ID token or userinfo) listing the user's groups"),
    OIDC_ADMIN_GROUP(null, null, null, "group in OIDC_GROUPS_CLAIM whose members are admins (default: roles not synced)"),
    OIDC_REDIRECT_URI(null, null, null, "the callback registered at the provider, ending in /api/auth/oidc/callback (default: from the request's public address)"),
    OIDC_DISPLAY_NAME(null, null, "single sign-on", "name on the sign-in button: \"Sign in with ...\""),
    OIDC_PROVIDER_LOGOUT(null, null, "true", "signing out also ends the provider's session when it offers end_session_endpoint"),
    AUTH_PROXY_HEADER(null, null, null, "header in which a fronting SSO proxy names the signed-in user, e.g. X-Forwarded-User (needs AUTH_PROXY_TRUSTED)"),
    AUTH_PROXY_GROUPS_HEADER(null, null, null, "header in which that proxy lists the user's groups, comma-separated (default: groups not synced)"),
    AUTH_PROXY_ADMIN_GROUP(null, null, null, "group in AUTH_PROXY_GROUPS_HEADER whose members are admins (default: roles not synced)"),
    AUTH_PROXY_TRUSTED(null, null, "", "addresses or CIDR ranges of the SSO proxy: the only peers whose AUTH_PROXY_HEADER is believed"),
    TRUSTED_PROXIES(null, null, "127.0.0.1,::1", "addresses whose X-Forwarded-For is believed"),
    METRICS_ENABLED(null, null, "true", "serve GET /metrics in the Prometheus text format (false: 404)"),
    METRICS_TOKEN(null, null, null, "bearer token that opens /metrics to clients other than loopback (default: loopback only)"),
    PROVIDER_CHECK_INTERVAL(null, null, "300", "seconds between checks of each provider's key (one model-list call; 0: at start-up only)"),
    HTTP_PROXY(null, null, null, "proxy for outbound http:// calls"),
    HTTPS_PROXY(null, null, null, "proxy for outbound https:// calls"),
    NO_PROXY(null, null, null, "hosts reached without a proxy");

    private final String longFlag;
    private final String shortFlag;
    private final String defaultValue;
    private final String help;

    ConfigKey(String longFlag, String shortFlag, String defaultValue, String help) {
        this.longFlag = longFlag;
        this.shortFlag = shortFlag;
        this.defaultValue = defaultValue;
        this.help = help;
    }

    public Optional<String> longFlag() {
        return Optional.ofNullable(longFlag);
    }

    public Optional<String> shortFlag() {
        return Optional.ofNullable(shortFlag);
    }

    public Optional<String> defaultValue() {
        return Optional.ofNullable(defaultValue);
    }

    public String help() {
        return help;
    }

    /** A flag that takes no value: present means {@code true}. */
    public boolean isSwitch() {
        return this == INVITE_CODE_REQUIRED;
    }

    public boolean isSecret() {
        return this == LLM_PROVIDER_KEY || this == JWT_SECRET || this == JWT_SECRET_PREVIOUS || this == DATABASE_URL
                || this == METRICS_TOKEN || this == LDAP_BIND_PASSWORD || this == OIDC_CLIENT_SECRET;
    }

    public static Optional<ConfigKey> byName(String name) {
        return Arrays.stream(values()).filter(k -> k.name().equals(name)).findFirst();
    }

    public static Optional<ConfigKey> byFlag(String flag) {
        return Arrays.stream(values())
                .filter(k -> flag.equals(k.longFlag) || flag.equals(k.shortFlag))
                .findFirst();
    }
}
