package io.portagent.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.config.ConfigSource;
import io.portagent.config.ConfigSources;
import io.portagent.config.Settings;
import io.portagent.config.StartupException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The tool settings: safe defaults, parsed values, and a start-up error for bad ones. */
class ToolSettingsTest {

    @TempDir
    Path workDir;

    private Settings resolve(String... keyValues) {
        Map<String, String> values = new HashMap<>(Map.of("LLM_PROVIDER_KEY", "sk-ant-api03-0123456789abcdef"));
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put(keyValues[i], keyValues[i + 1]);
        }
        return Settings.resolve(ConfigSources.layered(List.of(ConfigSource.of("test", values)), Map.of(), workDir));
    }

    @Test
    void theShellIsOffAndTheLimitsHaveDefaults() {
        Settings.Tools tools = resolve().tools();
        assertEquals(new Settings.Tools(false, 10_485_760, 104_857_600, Duration.ofSeconds(120)), tools);
        assertTrue(String.join("\n", resolve().summary(false)).contains("Shell tool:     disabled"));
    }

    @Test
    void theSettingsAreReadFromTheSources() {
        Settings settings = resolve("ENABLE_SHELL_TOOL", "true", "WORKSPACE_MAX_FILE_BYTES", "2048",
                "WORKSPACE_MAX_BYTES", "5000000000", "TOOL_TIMEOUT", "30");
        assertEquals(new Settings.Tools(true, 2048, 5_000_000_000L, Duration.ofSeconds(30)), settings.tools());
        assertTrue(String.join("\n", settings.summary(false)).contains("Shell tool:     ENABLED"));
    }

    @Test
    void badValuesStopStartUpWithASentencePerKey() {
        StartupException e = assertThrows(StartupException.class, () -> resolve("ENABLE_SHELL_TOOL", "maybe",
                "WORKSPACE_MAX_BYTES", "0", "TOOL_TIMEOUT", "-1"));
        assertTrue(e.getMessage().contains("Invalid value for ENABLE_SHELL_TOOL: 'maybe'"), e.getMessage());
        assertTrue(e.getMessage().contains("Invalid value for WORKSPACE_MAX_BYTES: '0'"), e.getMessage());
        assertTrue(e.getMessage().contains("Invalid value for TOOL_TIMEOUT: '-1'"), e.getMessage());
        assertFalse(e.getMessage().contains("WORKSPACE_MAX_FILE_BYTES"));
    }
}
