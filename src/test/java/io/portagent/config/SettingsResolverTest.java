package io.portagent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SettingsResolverTest {

    private static final Map<String, String> KEY = Map.of("LLM_PROVIDER_KEY", "sk-ant-api03-0123456789abcdef");

    @TempDir
    Path workDir;

    private Settings resolve(List<ConfigSource> upper, Map<String, String> env) {
        return Settings.resolve(ConfigSources.layered(upper, env, workDir));
    }

    private static ConfigSource source(String name, String... keyValues) {
        Map<String, String> values = new java.util.HashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put(keyValues[i], keyValues[i + 1]);
        }
        return ConfigSource.of(name, values);
    }

    private List<ConfigSource> upper(String cliModel, String jndiModel, String initModel) {
        return List.of(
                cliModel == null ? source("command line") : source("command line", "LLM_PROVIDER_MODEL", cliModel),
                jndiModel == null ? source("JNDI") : source("JNDI", "LLM_PROVIDER_MODEL", jndiModel),
                initModel == null ? source("init-param") : source("init-param", "LLM_PROVIDER_MODEL", initModel));
    }

    private static String defaultModel(Settings settings) {
        return settings.llm().defaultModel().id();
    }

    private void write(String file, String text) throws IOException {
        Files.writeString(workDir.resolve(file), text);
    }

    @Test
    void eachSourceWinsOverEveryLowerOne() throws IOException {
        write(".env", "LLM_PROVIDER_MODEL=from-dotenv\n");
        assertEquals("from-dotenv", defaultModel(resolve(upper(null, null, null), KEY)));
        write(".env.local", "LLM_PROVIDER_MODEL=from-dotenv-local\n");
        assertEquals("from-dotenv-local", defaultModel(resolve(upper(null, null, null), KEY)));
        write("extra.env", "LLM_PROVIDER_MODEL=from-env-file\n");
        List<ConfigSource> withEnvFile = List.of(source("command line", "ENV_FILE", "extra.env"));
        assertEquals("from-env-file", defaultModel(resolve(withEnvFile, KEY)));
        Map<String, String> env = new java.util.HashMap<>(KEY);
        env.put("LLM_PROVIDER_MODEL", "from-environment");
        assertEquals("from-environment", defaultModel(resolve(withEnvFile, env)));
        assertEquals("from-init-param", defaultModel(resolve(upper(null, null, "from-init-param"), env)));
        assertEquals("from-jndi", defaultModel(resolve(upper(null, "from-jndi", "from-init-param"), env)));
        assertEquals("from-cli", defaultModel(resolve(upper("from-cli", "from-jndi", "from-init-param"), env)));
    }

    @Test
    void defaultsApplyWhenNoSourceHasAKey() {
        Settings settings = resolve(List.of(), KEY);
        assertEquals("claude-sonnet-4-20250514", defaultModel(settings));
        assertEquals("https://api.anthropic.com", settings.llm().provider("default").url().toString());
        assertEquals(5200, settings.port());
        assertEquals(Path.of(System.getProperty("user.home"), ".agentx"), settings.agentxDir());
        assertFalse(settings.inviteCodeRequired());
        assertTrue(settings.mcp().promptx());
        assertEquals(LogLevel.INFO, settings.logLevel());
        assertTrue(settings.jwtSecret().isEmpty());
        assertEquals("default", settings.origins().get(ConfigKey.PORT));
        assertEquals("environment", settings.llm().provider("default").keyOrigin());
    }

    @Test
    void missingApiKeySaysHowToSetIt() {
        StartupException e = assertThrows(StartupException.class, () -> resolve(List.of(), Map.of()));
        assertTrue(e.display().startsWith("Error: LLM_PROVIDER_KEY is required"), e.display());
        assertTrue(e.getMessage().contains("export LLM_PROVIDER_KEY="));
        assertTrue(e.getMessage().contains("--api-key"));
        assertTrue(e.getMessage().contains("java:comp/env/portagent/LLM_PROVIDER_KEY"));
    }

    @Test
    void blankApiKeyCountsAsMissing() {
        assertThrows(StartupException.class, () -> resolve(List.of(), Map.of("LLM_PROVIDER_KEY", "  ")));
    }

    @Test
    void anOpenAiCompatibleProviderNeedsNoKeyAnAnthropicOneDoes() {
        Settings local = resolve(List.of(), Map.of("LLM_PROVIDER_TYPE", "OpenAI",
                "LLM_PROVIDER_URL", "http://127.0.0.1:11434/v1"));

        Providers.Provider provider = local.llm().provider("default");
        assertEquals("openai", provider.type());
        assertEquals("", provider.key());
        assertEquals("(none)", provider.maskedKey());
        assertThrows(StartupException.class, () -> resolve(List.of(), Map.of("LLM_PROVIDER_TYPE", "anthropic")));
        StartupException bad = assertThrows(StartupException.class, () -> resolve(List.of(),
                Map.of("LLM_PROVIDER_TYPE", "gemini", "LLM_PROVIDER_KEY", "k")));
        assertTrue(bad.getMessage().contains("LLM_PROVIDER_TYPE: 'gemini'"), bad.getMessage());
    }

    @Test
    void unparsableValuesNameTheKeyTheValueAndTheSource() {
        Map<String, String> env = new java.util.HashMap<>(KEY);
        env.put("PORT", "52OO");
        env.put("LOG_LEVEL", "loud");
        StartupException e = assertThrows(StartupException.class, () -> resolve(List.of(), env));
        assertTrue(e.getMessage().contains("Invalid value for PORT: '52OO' (from environment)"), e.getMessage());
        assertTrue(e.getMessage().contains("Invalid value for LOG_LEVEL: 'loud' (from environment)"), e.getMessage());
    }

    @Test
    void rejectsPortsOutOfRangeBooleansThatAreNotAndNonHttpUrls() {
        for (String[] bad : new String[][] {{"PORT", "70000"}, {"INVITE_CODE_REQUIRED", "maybe"},
                {"LLM_PROVIDER_URL", "ftp://example.com"}, {"ENABLE_PROMPTX", "sure"}}) {
            Map<String, String> env = new java.util.HashMap<>(KEY);
            env.put(bad[0], bad[1]);
            StartupException e = assertThrows(StartupException.class, () -> resolve(List.of(), env), bad[0]);
            assertTrue(e.getMessage().contains("Invalid value for " + bad[0] + ": '" + bad[1] + "'"), e.getMessage());
        }
    }

    @Test
    void booleansAcceptTheUsualSpellings() {
        for (String yes : List.of("true", "TRUE", "1", "yes", "on")) {
            Map<String, String> env = new java.util.HashMap<>(KEY);
            env.put("INVITE_CODE_REQUIRED", yes);
            assertTrue(resolve(List.of(), env).inviteCodeRequired(), yes);
        }
    }

    @Test
    void dataDirExpandsTheHomeDirectory() {
        Map<String, String> env = new java.util.HashMap<>(KEY);
        env.put("AGENTX_DIR", "~/portagent-data");
        Settings settings = resolve(List.of(), env);
        assertEquals(Path.of(System.getProperty("user.home"), "portagent-data"), settings.agentxDir());
        assertEquals(settings.agentxDir().resolve("data/portagent.db"), settings.portagentDb());
        assertEquals(settings.agentxDir().resolve("data/agentx.db"), settings.agentxDb());
    }

    @Test
    void proxiesAreReadInUpperOrLowerCase() {
        Map<String, String> env = new java.util.HashMap<>(KEY);
        env.put("https_proxy", "http://proxy:8080");
        env.put("NO_PROXY", "localhost,.intranet");
        Settings settings = resolve(List.of(), env);
        assertEquals("http://proxy:8080", settings.proxies().https().orElseThrow());
        assertEquals("localhost,.intranet", settings.proxies().noProxy().orElseThrow());
        assertTrue(settings.proxies().http().isEmpty());
    }

    @Test
    void aMissingEnvFileIsAnOperatorError() {
        StartupException e = assertThrows(StartupException.class,
                () -> resolve(List.of(source("command line", "ENV_FILE", "nope.env")), KEY));
        assertTrue(e.getMessage().contains("Env file not found: " + workDir.resolve("nope.env")), e.getMessage());
    }

    @Test
    void theKeyIsMaskedToItsFirstFifteenCharacters() {
        Settings settings = resolve(List.of(), Map.of("LLM_PROVIDER_KEY", "sk-ant-api03-abcdefghijklmnopqrstuvwxyz"));
        assertEquals("sk-ant-api03-ab...", settings.llm().provider("default").maskedKey());
        String summary = String.join("\n", settings.summary(true));
        assertTrue(summary.contains("sk-ant-api03-ab..."), summary);
        assertFalse(summary.contains("abcdefghijklmnop"), summary);
    }

    @Test
    void aShortKeyIsNeverShownWhole() {
        assertEquals("sk-a...", Settings.mask("sk-ant-x"));
    }

    @Test
    void printedSettingsShowNoSecret() {
        Settings settings = resolve(List.of(), Map.of("LLM_PROVIDER_KEY", "sk-ant-api03-SECRETSECRETSECRET-tail",
                "JWT_SECRET", "jwt-secret-value-0123456789abcdef", "JWT_SECRET_PREVIOUS", "old-secret-0123456789abcdef",
                "HTTPS_PROXY", "http://alice:proxy-password@proxy.example:3128", "METRICS_TOKEN", "metrics-token-value",
                "MCP_SERVERS", "{\"mcpServers\":{\"x\":{\"url\":\"http://127.0.0.1:1/mcp\",\"headers\":"
                        + "{\"Authorization\":\"Bearer mcp-token-value\"}}}}"));
        String printed = settings.toString() + String.join("\n", settings.summary(true));
        for (String secret : List.of("SECRETSECRETSECRET-tail", "jwt-secret-value", "old-secret", "proxy-password",
                "alice", "mcp-token-value", "metrics-token-value")) {
            assertFalse(printed.contains(secret), secret + " shows in " + printed);
        }
        assertTrue(printed.contains("proxy.example:3128"), printed);
    }

    @Test
    void monitoringDefaultsToMetricsOnForLoopbackAndAKeyCheckEveryFiveMinutes() {
        Settings.Monitoring monitoring = resolve(List.of(), Map.of("LLM_PROVIDER_KEY", "sk-ant-x")).monitoring();
        assertTrue(monitoring.metricsEnabled());
        assertTrue(monitoring.metricsToken().isEmpty());
        assertEquals(java.time.Duration.ofMinutes(5), monitoring.providerCheckInterval());
        Settings.Monitoring off = resolve(List.of(), Map.of("LLM_PROVIDER_KEY", "sk-ant-x", "METRICS_ENABLED", "false",
                "METRICS_TOKEN", "t0ken", "PROVIDER_CHECK_INTERVAL", "0")).monitoring();
        assertFalse(off.metricsEnabled());
        assertEquals("t0ken", off.metricsToken().orElseThrow());
        assertTrue(off.providerCheckInterval().isZero());
        assertTrue(ConfigKey.METRICS_TOKEN.isSecret(), "masked in diagnose's configuration report");
    }

    private String problemsOf(String... keyValues) {
        Map<String, String> env = new java.util.HashMap<>(KEY);
        for (int i = 0; i < keyValues.length; i += 2) {
            env.put(keyValues[i], keyValues[i + 1]);
        }
        return assertThrows(StartupException.class, () -> resolve(List.of(), env)).getMessage();
    }

    @Test
    void aHalfConfiguredDirectoryStopsStartUpWithEachFixNamed() {
        String problems = problemsOf("LDAP_URL", "http://ldap.example.org", "LDAP_USER_FILTER", "uid=alice",
                "LDAP_BIND_DN", "cn=svc,dc=example,dc=org");
        assertTrue(problems.contains("Invalid value for LDAP_URL"), problems);
        assertTrue(problems.contains("LDAP_USER_BASE is required with LDAP_URL"), problems);
        assertTrue(problems.contains("Invalid value for LDAP_USER_FILTER: 'uid=alice'"), problems);
        assertTrue(problems.contains("LDAP_BIND_DN and LDAP_BIND_PASSWORD go together"), problems);
        assertTrue(problemsOf("LDAP_URL", "ldaps://ldap.example.org", "LDAP_USER_BASE", "dc=example,dc=org",
                "LDAP_STARTTLS", "true").contains("LDAP_STARTTLS=true needs an ldap:// LDAP_URL"));
    }

    @Test
    void aDirectoryIsReadWithItsDefaultsAndItsPasswordNeverShows() {
        Map<String, String> env = new java.util.HashMap<>(KEY);
        env.putAll(Map.of("LDAP_URL", "ldap://ldap.example.org:389", "LDAP_USER_BASE", "ou=people,dc=example,dc=org",
                "LDAP_BIND_DN", "cn=svc,dc=example,dc=org", "LDAP_BIND_PASSWORD", "bind-secret-42", "LOCAL_LOGIN", "false"));
        Settings settings = resolve(List.of(), env);
        SingleSignOn.Ldap ldap = settings.sso().ldap().orElseThrow();
        assertEquals("(uid={0})", ldap.userFilter());
        assertFalse(ldap.startTls());
        assertFalse(settings.sso().localLogin());
        assertFalse(settings.toString().contains("bind-secret-42"), settings::toString);
        assertTrue(ConfigKey.LDAP_BIND_PASSWORD.isSecret());
        assertTrue(resolve(List.of(), KEY).sso().ldap().isEmpty(), "no LDAP_URL, no directory");
    }

    @Test
    void theProxyHeaderNeedsTheProxysAddressAndAWrongOneStopsStartUp() {
        assertTrue(problemsOf("AUTH_PROXY_HEADER", "X-Forwarded-User")
                .contains("AUTH_PROXY_HEADER needs AUTH_PROXY_TRUSTED"));
        Map<String, String> env = new java.util.HashMap<>(KEY);
        env.putAll(Map.of("AUTH_PROXY_HEADER", "X-Forwarded-User", "AUTH_PROXY_TRUSTED", "10.0.0.5, 10.1.0.0/16"));
        assertEquals(List.of("10.0.0.5", "10.1.0.0/16"), resolve(List.of(), env).sso().proxy().orElseThrow().trusted());
        assertTrue(resolve(List.of(), KEY).sso().proxy().isEmpty(), "off by default");
    }
}
