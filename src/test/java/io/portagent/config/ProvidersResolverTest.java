package io.portagent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.config.Providers.ModelChoice;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Several providers at once: their dynamic names in every source, model ids, LLM_MODELS and their errors. */
class ProvidersResolverTest {

    private static final String ANTHROPIC_KEY = "sk-ant-api03-0123456789abcdef";

    @TempDir
    Path workDir;

    private Settings resolve(List<ConfigSource> upper, Map<String, String> env) {
        return Settings.resolve(ConfigSources.layered(upper, env, workDir));
    }

    private static Map<String, String> twoProviders() {
        Map<String, String> env = new HashMap<>(Map.of("LLM_PROVIDER_KEY", ANTHROPIC_KEY,
                "LLM_PROVIDERS", "default,Local", "LLM_PROVIDER_MODELS", "claude-a,shared",
                "LLM_PROVIDER_LOCAL_TYPE", "openai", "LLM_PROVIDER_LOCAL_URL", "http://127.0.0.1:11434/v1",
                "LLM_PROVIDER_LOCAL_MODELS", "llama3.1:8b,shared"));
        return env;
    }

    private static List<String> ids(Settings settings) {
        return settings.llm().models().stream().map(ModelChoice::id).toList();
    }

    @Test
    void everyListedModelIsOfferedAndTwoProvidersSharingANameGetQualifiedIds() {
        Settings settings = resolve(List.of(), twoProviders());

        assertEquals(List.of("claude-a", "default:shared", "llama3.1:8b", "local:shared"), ids(settings));
        assertEquals(new ModelChoice("llama3.1:8b", "local", "llama3.1:8b"), settings.llm().model("llama3.1:8b")
                .orElseThrow());
        assertEquals("claude-a", settings.llm().defaultModel().id());
        assertEquals("openai", settings.llm().provider("local").type());
        assertEquals("", settings.llm().provider("local").key());
    }

    @Test
    void llmModelsChoosesAndOrdersTheOfferAndItsFirstIsTheDefault() {
        Map<String, String> env = twoProviders();
        env.put("LLM_MODELS", "local:shared, claude-a, llama3.1:8b, claude-new");
        Settings settings = resolve(List.of(), env);

        assertEquals(List.of("shared", "claude-a", "llama3.1:8b", "claude-new"), ids(settings));
        assertEquals(new ModelChoice("shared", "local", "shared"), settings.llm().defaultModel());
        assertEquals("default", settings.llm().model("claude-new").orElseThrow().provider(),
                "a model no provider lists is served by the first provider");
        assertEquals("shared", settings.llm().model("local:shared").orElseThrow().id());
    }

    @Test
    void theOldSingleModelKeyStillWorksAlone() {
        Settings settings = resolve(List.of(), Map.of("LLM_PROVIDER_KEY", ANTHROPIC_KEY, "LLM_PROVIDER_MODEL", "m1"));
        assertEquals(List.of("m1"), ids(settings));
        assertEquals("default", settings.llm().defaultModel().provider());
    }

    @Test
    void aProvidersSettingsComeFromEverySourceInPrecedenceOrder() throws IOException {
        Map<String, String> env = twoProviders();
        env.remove("LLM_PROVIDER_LOCAL_URL");
        Files.writeString(workDir.resolve(".env"), "LLM_PROVIDER_LOCAL_URL=http://from-dotenv:1/v1\n");
        assertEquals("http://from-dotenv:1/v1", resolve(List.of(), env).llm().provider("local").url().toString());
        ConfigSource jndi = ConfigSource.of("JNDI", Map.of("LLM_PROVIDER_LOCAL_URL", "http://from-jndi:1/v1"));
        assertEquals("http://from-jndi:1/v1", resolve(List.of(jndi), env).llm().provider("local").url().toString());
        CommandLine cli = CommandLine.parse(List.of("--llm-provider-local-url", "http://from-cli:1/v1",
                "--llm-provider-local-key=sk-local-0123456789abcdef"));
        Settings settings = resolve(List.of(ConfigSource.of("command line", cli.values()), jndi), env);
        assertEquals("http://from-cli:1/v1", settings.llm().provider("local").url().toString());
        assertEquals("command line", settings.llm().provider("local").keyOrigin());
    }

    @Test
    void namedProvidersNeedAUrlAndAnthropicOnesAKey() {
        StartupException e = assertThrows(StartupException.class, () -> resolve(List.of(), Map.of(
                "LLM_PROVIDERS", "cloud,local", "LLM_PROVIDER_CLOUD_URL", "https://api.anthropic.com",
                "LLM_PROVIDER_CLOUD_MODELS", "c", "LLM_PROVIDER_LOCAL_TYPE", "openai",
                "LLM_PROVIDER_LOCAL_MODELS", "l")));
        assertTrue(e.getMessage().contains("LLM_PROVIDER_CLOUD_KEY is required"), e.getMessage());
        assertTrue(e.getMessage().contains("LLM_PROVIDER_LOCAL_URL is required"), e.getMessage());
        assertFalse(e.getMessage().contains("LLM_PROVIDER_KEY is required"), "the default provider is not listed");
    }

    @Test
    void aBareModelTwoProvidersListIsAmbiguousInLlmModels() {
        Map<String, String> env = twoProviders();
        env.put("LLM_MODELS", "shared");
        StartupException e = assertThrows(StartupException.class, () -> resolve(List.of(), env));
        assertTrue(e.getMessage().contains("write default:shared instead"), e.getMessage());
    }

    @Test
    void theDiagnosticReportListsEachProvidersSettingsWithItsKeyMasked() {
        Map<String, String> env = twoProviders();
        env.put("LLM_PROVIDER_LOCAL_KEY", "sk-local-SECRETSECRETSECRET");
        List<ConfigSource> sources = ConfigSources.layered(List.of(), env, workDir);
        String report = String.join("\n", ConfigReport.lines(sources));
        String summary = String.join("\n", Settings.resolve(sources).summary(true));

        assertTrue(report.contains("LLM_PROVIDER_LOCAL_URL") && report.contains("LLM_PROVIDER_LOCAL_MODELS"), report);
        assertTrue(summary.contains("API URL local:") && summary.contains("(default claude-a)"), summary);
        for (String shown : List.of(report, summary, Settings.resolve(sources).toString())) {
            assertFalse(shown.contains("SECRETSECRETSECRET"), shown);
        }
    }
}
