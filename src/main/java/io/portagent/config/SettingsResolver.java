package io.portagent.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Reads each key from the first source that has it, parses it, and gathers every problem. */
final class SettingsResolver {

    static final String ANTHROPIC = "anthropic";
    static final String OPENAI = "openai";

    private final List<ConfigSource> sources;
    private final Map<ConfigKey, String> origins = new EnumMap<>(ConfigKey.class);
    private final Map<String, String> namedOrigins = new java.util.HashMap<>();
    private final List<String> problems = new ArrayList<>();

    SettingsResolver(List<ConfigSource> sources) {
        this.sources = List.copyOf(sources);
    }

    Settings resolve() {
        Providers providers = new ProvidersResolver(this).resolve();
        Settings.Agent agent = new Settings.Agent(
                positive(ConfigKey.LLM_MAX_TOKENS), java.time.Duration.ofSeconds(positive(ConfigKey.LLM_IDLE_TIMEOUT)),
                positive(ConfigKey.LLM_MAX_ATTEMPTS), positive(ConfigKey.CONTEXT_BUDGET_CHARS),
                positive(ConfigKey.MAX_TOOL_ITERATIONS), nonNegative(ConfigKey.MESSAGE_RETENTION_DAYS),
                nonNegative(ConfigKey.USER_DAILY_TOKEN_LIMIT),
                positiveLong(ConfigKey.ATTACHMENT_MAX_BYTES));
        Settings.Tools tools = new Settings.Tools(
                parsed(ConfigKey.ENABLE_SHELL_TOOL, SettingsResolver::bool, "true or false") == Boolean.TRUE,
                positiveLong(ConfigKey.WORKSPACE_MAX_FILE_BYTES), positiveLong(ConfigKey.WORKSPACE_MAX_BYTES),
                java.time.Duration.ofSeconds(positive(ConfigKey.TOOL_TIMEOUT)));
        Integer port = parsed(ConfigKey.PORT, SettingsResolver::port, "a port number from 0 to 65535");
        Path dir = parsed(ConfigKey.AGENTX_DIR, SettingsResolver::directory, "a directory path");
        Optional<String> jwtSecret = raw(ConfigKey.JWT_SECRET).filter(s -> !s.isBlank());
        Optional<String> jwtPrevious = raw(ConfigKey.JWT_SECRET_PREVIOUS).filter(s -> !s.isBlank());
        List<String> trusted = parsed(ConfigKey.TRUSTED_PROXIES, SettingsResolver::list, "a comma-separated list");
        Boolean invite = parsed(ConfigKey.INVITE_CODE_REQUIRED, SettingsResolver::bool, "true or false");
        LogLevel level = parsed(ConfigKey.LOG_LEVEL, LogLevel::parse, "debug, info, warn or error");
        Boolean promptx = parsed(ConfigKey.ENABLE_PROMPTX, SettingsResolver::bool, "true or false");
        Settings.Mcp mcp = new Settings.Mcp(raw(ConfigKey.MCP_SERVERS).filter(s -> !s.isBlank()),
                promptx == Boolean.TRUE, java.time.Duration.ofSeconds(positive(ConfigKey.MCP_CONNECT_TIMEOUT)));
        Settings.Proxies proxies = new Settings.Proxies(
                raw(ConfigKey.HTTP_PROXY), raw(ConfigKey.HTTPS_PROXY), raw(ConfigKey.NO_PROXY));
        Settings.WebSocket webSocket = new Settings.WebSocket(
                parsed(ConfigKey.ALLOWED_ORIGINS, SettingsResolver::list, "a comma-separated list of origins"),
                java.time.Duration.ofSeconds(positive(ConfigKey.WS_PING_INTERVAL)),
                positive(ConfigKey.WS_MAX_FRAME_CHARS), positive(ConfigKey.WS_SEND_QUEUE_CHARS));
        Settings.AccountRules accounts = new Settings.AccountRules(registration(invite),
                parsed(ConfigKey.ADMIN_USERNAMES, SettingsResolver::list, "a comma-separated list of usernames"),
                nonNegative(ConfigKey.AUDIT_RETENTION_DAYS));
        DatabaseUrl database = raw(ConfigKey.DATABASE_URL).filter(v -> !v.isBlank()).map(this::databaseUrl)
                .orElse(null);
        Settings.Monitoring monitoring = new Settings.Monitoring(
                parsed(ConfigKey.METRICS_ENABLED, SettingsResolver::bool, "true or false") != Boolean.FALSE,
                raw(ConfigKey.METRICS_TOKEN).filter(s -> !s.isBlank()),
                java.time.Duration.ofSeconds(nonNegative(ConfigKey.PROVIDER_CHECK_INTERVAL)));
        SingleSignOn sso = new SingleSignOn(ldap(),
                parsed(ConfigKey.LOCAL_LOGIN, SettingsResolver::bool, "true or false") != Boolean.FALSE, authProxy(),
                oidc());
        if (!problems.isEmpty()) {
            throw new StartupException(String.join(System.lineSeparator(), problems));
        }
        return new Settings(providers, agent, tools, port, dir, jwtSecret, jwtPrevious, invite, level,
                mcp, proxies, trusted, webSocket, accounts, Optional.ofNullable(database), monitoring, sso, origins);
    }

    /** The LDAP directory when LDAP_URL is set, each of its rules checked with the fix named. */
    private Optional<SingleSignOn.Ldap> ldap() {
        Optional<String> url = present(ConfigKey.LDAP_URL);
        if (url.isEmpty()) {
            return Optional.empty();
        }
        java.net.URI uri = parsed(ConfigKey.LDAP_URL, SettingsResolver::ldapUri, "ldap://host:port or ldaps://host:port");
        boolean startTls = parsed(ConfigKey.LDAP_STARTTLS, SettingsResolver::bool, "true or false") == Boolean.TRUE;
        if (startTls && uri != null && "ldaps".equals(uri.getScheme())) {
            problems.add("LDAP_STARTTLS=true needs an ldap:// LDAP_URL: ldaps:// is already encrypted.");
        }
        Optional<String> userBase = present(ConfigKey.LDAP_USER_BASE);
        if (userBase.isEmpty()) {
            problems.add("LDAP_USER_BASE is required with LDAP_URL: the DN under which users are searched,"
                    + " e.g. ou=people,dc=example,dc=org.");
        }
        String filter = raw(ConfigKey.LDAP_USER_FILTER).orElseThrow();
        if (!filter.contains("{0}") || !filter.startsWith("(") || !filter.endsWith(")")) {
            problems.add("Invalid value for LDAP_USER_FILTER: '" + filter + "'. Expected a filter in parentheses"
                    + " with {0} for the typed name, e.g. (uid={0}) or (sAMAccountName={0}).");
        }
        Optional<String> bindDn = present(ConfigKey.LDAP_BIND_DN);
        Optional<String> bindPassword = present(ConfigKey.LDAP_BIND_PASSWORD);
        if (bindDn.isPresent() != bindPassword.isPresent()) {
            problems.add("LDAP_BIND_DN and LDAP_BIND_PASSWORD go together: set both, or neither for an anonymous search.");
        }
        return Optional.of(new SingleSignOn.Ldap(uri, startTls, bindDn, bindPassword, userBase.orElse(""), filter,
                present(ConfigKey.LDAP_GROUP_BASE), present(ConfigKey.LDAP_ADMIN_GROUP)));
    }

    /** The SSO proxy's header when AUTH_PROXY_HEADER is set: only with the proxy's addresses to believe it from. */
    private Optional<SingleSignOn.AuthProxy> authProxy() {
        List<String> trusted = parsed(ConfigKey.AUTH_PROXY_TRUSTED, SettingsResolver::list, "a comma-separated list");
        Optional<String> header = present(ConfigKey.AUTH_PROXY_HEADER);
        if (header.isEmpty()) {
            return Optional.empty();
        }
        if (trusted == null || trusted.isEmpty()) {
            problems.add("AUTH_PROXY_HEADER needs AUTH_PROXY_TRUSTED: the address (or CIDR range) of the SSO proxy,"
                    + " the only peer whose " + header.get() + " header is believed.");
        }
        return Optional.of(new SingleSignOn.AuthProxy(header.get(), present(ConfigKey.AUTH_PROXY_GROUPS_HEADER),
                present(ConfigKey.AUTH_PROXY_ADMIN_GROUP), trusted == null ? List.of() : trusted));
    }

    /** The OpenID Connect provider when OIDC_ISSUER is set, with the client it needs. */
    private Optional<SingleSignOn.Oidc> oidc() {
        Optional<String> issuer = present(ConfigKey.OIDC_ISSUER);
        if (issuer.isEmpty()) {
            return Optional.empty();
        }
        java.net.URI uri = parsed(ConfigKey.OIDC_ISSUER, SettingsResolver::oidcIssuer,
                "an https:// URL (http:// only on this machine's loopback), e.g. https://sso.example.org/realms/staff");
        Optional<String> clientId = present(ConfigKey.OIDC_CLIENT_ID);
        if (clientId.isEmpty()) {
            problems.add("OIDC_CLIENT_ID is required with OIDC_ISSUER: the client id this service is registered"
                    + " under at the provider.");
        }
        List<String> scopes = List.of(raw(ConfigKey.OIDC_SCOPES).orElseThrow().trim().split("[\\s,]+"));
        if (!scopes.contains("openid")) {
            problems.add("Invalid value for OIDC_SCOPES: '" + String.join(" ", scopes) + "'. It must contain openid,"
                    + " e.g. 'openid profile email'.");
        }
        java.net.URI redirect = present(ConfigKey.OIDC_REDIRECT_URI).isEmpty() ? null
                : parsed(ConfigKey.OIDC_REDIRECT_URI, SettingsResolver::oidcRedirect,
                        "an absolute http(s) URL ending in /api/auth/oidc/callback");
        return Optional.of(new SingleSignOn.Oidc(uri, clientId.orElse(""), present(ConfigKey.OIDC_CLIENT_SECRET),
                scopes, present(ConfigKey.OIDC_GROUPS_CLAIM).orElse("groups"), present(ConfigKey.OIDC_ADMIN_GROUP),
                Optional.ofNullable(redirect), present(ConfigKey.OIDC_DISPLAY_NAME).orElse("single sign-on"),
                parsed(ConfigKey.OIDC_PROVIDER_LOGOUT, SettingsResolver::bool, "true or false") != Boolean.FALSE));
    }

    /** An issuer the tokens can be trusted from: https, or http on a loopback address for a test provider. */
    static java.net.URI oidcIssuer(String value) {
        java.net.URI uri = java.net.URI.create(value.strip());
        boolean loopback = "localhost".equals(uri.getHost()) || "127.0.0.1".equals(uri.getHost())
                || "[::1]".equals(uri.getHost());
        if (uri.getHost() == null || uri.getQuery() != null || uri.getFragment() != null
                || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()) && loopback)) {
            throw new IllegalArgumentException(value);
        }
        return uri;
    }

    static java.net.URI oidcRedirect(String value) {
        java.net.URI uri = java.net.URI.create(value.strip());
        if (uri.getHost() == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
                || uri.getPath() == null || !uri.getPath().endsWith("/api/auth/oidc/callback")) {
            throw new IllegalArgumentException(value);
        }
        return uri;
    }

    private Optional<String> present(ConfigKey key) {
        return raw(key).filter(v -> !v.isBlank());
    }

    static java.net.URI ldapUri(String value) {
        java.net.URI uri = java.net.URI.create(value);
        if (uri.getHost() == null || !("ldap".equals(uri.getScheme()) || "ldaps".equals(uri.getScheme()))) {
            throw new IllegalArgumentException(value);
        }
        return uri;
    }

    /** REGISTRATION when set; otherwise invite when INVITE_CODE_REQUIRED is on, else open. */
    private Settings.RegistrationMode registration(Boolean inviteCodeRequired) {
        if (raw(ConfigKey.REGISTRATION).filter(v -> !v.isBlank()).isEmpty()) {
            return inviteCodeRequired == Boolean.TRUE ? Settings.RegistrationMode.INVITE : Settings.RegistrationMode.OPEN;
        }
        Settings.RegistrationMode mode = parsed(ConfigKey.REGISTRATION,
                v -> Settings.RegistrationMode.valueOf(v.toUpperCase(Locale.ROOT)), "open, invite or closed");
        return mode == null ? Settings.RegistrationMode.OPEN : mode;
    }

    private int positive(ConfigKey key) {
        Integer value = parsed(key, SettingsResolver::positiveInt, "a whole number above 0");
        return value == null ? 1 : value;
    }

    private int nonNegative(ConfigKey key) {
        Integer value = parsed(key, v -> {
            int n = Integer.parseInt(v);
            if (n < 0) {
                throw new IllegalArgumentException(v);
            }
            return n;
        }, "a whole number, 0 or more");
        return value == null ? 0 : value;
    }

    private long positiveLong(ConfigKey key) {
        Long value = parsed(key, SettingsResolver::positiveLong, "a whole number above 0");
        return value == null ? 1 : value;
    }

    static long positiveLong(String value) {
        long n = Long.parseLong(value);
        if (n <= 0) {
            throw new IllegalArgumentException(value);
        }
        return n;
    }

    static int positiveInt(String value) {
        int n = Integer.parseInt(value);
        if (n <= 0) {
            throw new IllegalArgumentException(value);
        }
        return n;
    }

    /** A setting whose name is made at run time ({@code LLM_PROVIDER_<NAME>_URL}): the first source's value. */
    Optional<String> named(String name) {
        for (ConfigSource source : sources) {
            Optional<String> value = source.get(name);
            if (value.isPresent()) {
                namedOrigins.put(name, source.name());
                return value.map(String::strip);
            }
        }
        return Optional.empty();
    }

    String origin(String name) {
        return namedOrigins.getOrDefault(name, "default");
    }

    String origin(ConfigKey key) {
        return origins.getOrDefault(key, "default");
    }

    void problem(String sentence) {
        problems.add(sentence);
    }

    /** DATABASE_URL, whose value never appears in an error: it may hold a password. */
    private DatabaseUrl databaseUrl(String value) {
        try {
            return DatabaseUrl.parse(value);
        } catch (IllegalArgumentException e) {
            problems.add("Invalid value for DATABASE_URL (from " + origins.get(ConfigKey.DATABASE_URL) + "): it "
                    + e.getMessage() + ".");
            return null;
        }
    }

    <T> T parsed(ConfigKey key, Function<String, T> parser, String expected) {
        String value = raw(key).orElseThrow();
        try {
            return parser.apply(value);
        } catch (RuntimeException e) {
            problems.add("Invalid value for " + key.name() + ": '" + value + "' (from " + origins.get(key)
                    + "). Expected " + expected + ".");
            return null;
        }
    }

    /** The first source's value, or the default; records where it came from. */
    Optional<String> raw(ConfigKey key) {
        for (ConfigSource source : sources) {
            Optional<String> value = source.get(key.name()).or(() -> lowerCaseProxy(source, key));
            if (value.isPresent()) {
                origins.put(key, source.name());
                return value.map(String::strip);
            }
        }
        key.defaultValue().ifPresent(d -> origins.put(key, "default"));
        return key.defaultValue();
    }

    /** Proxy variables are commonly lower case ({@code https_proxy}); accept both. */
    private static Optional<String> lowerCaseProxy(ConfigSource source, ConfigKey key) {
        boolean proxyKey = key == ConfigKey.HTTP_PROXY || key == ConfigKey.HTTPS_PROXY || key == ConfigKey.NO_PROXY;
        return proxyKey ? source.get(key.name().toLowerCase(Locale.ROOT)) : Optional.empty();
    }

    static URI httpUri(String value) {
        URI uri = URI.create(value);
        if (uri.getHost() == null || !("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))) {
            throw new IllegalArgumentException(value);
        }
        return uri;
    }

    static String providerType(String value) {
        String type = value.toLowerCase(Locale.ROOT);
        if (!type.equals(ANTHROPIC) && !type.equals(OPENAI)) {
            throw new IllegalArgumentException(value);
        }
        return type;
    }

    static int port(String value) {
        int port = Integer.parseInt(value);
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(value);
        }
        return port;
    }

    static boolean bool(String value) {
        switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on":
                return true;
            case "false", "0", "no", "off":
                return false;
            default:
                throw new IllegalArgumentException(value);
        }
    }

    static List<String> list(String value) {
        return java.util.Arrays.stream(value.split(",")).map(String::strip).filter(v -> !v.isEmpty()).toList();
    }

    static Path directory(String value) {
        if (value.isBlank()) {
            throw new IllegalArgumentException(value);
        }
        String home = System.getProperty("user.home");
        String expanded = value.equals("~") ? home : value.startsWith("~/") ? home + value.substring(1) : value;
        return Path.of(expanded).toAbsolutePath().normalize();
    }
}
