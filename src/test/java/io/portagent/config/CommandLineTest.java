package io.portagent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CommandLineTest {

    @Test
    void mapsEveryFlagOfTheSpecToItsKey() {
        CommandLine line = CommandLine.parse(List.of("--api-key", "sk-1", "--api-url", "http://127.0.0.1:9",
                "--model", "m", "-p", "5201", "-d", "/data", "--jwt-secret", "s", "--invite-code-required",
                "-e", "my.env"));
        assertEquals(Map.of("LLM_PROVIDER_KEY", "sk-1", "LLM_PROVIDER_URL", "http://127.0.0.1:9",
                "LLM_PROVIDER_MODEL", "m", "PORT", "5201", "AGENTX_DIR", "/data", "JWT_SECRET", "s",
                "INVITE_CODE_REQUIRED", "true", "ENV_FILE", "my.env"), line.values());
    }

    @Test
    void acceptsTheEqualsFormAndLongNames() {
        CommandLine line = CommandLine.parse(List.of("--port=5202", "--data-dir=/d", "--env-file=x.env",
                "--invite-code-required=false"));
        assertEquals(Map.of("PORT", "5202", "AGENTX_DIR", "/d", "ENV_FILE", "x.env", "INVITE_CODE_REQUIRED", "false"),
                line.values());
    }

    @Test
    void recognisesHelpAndVersion() {
        assertTrue(CommandLine.parse(List.of("-h")).help());
        assertTrue(CommandLine.parse(List.of("--help")).help());
        assertTrue(CommandLine.parse(List.of("-V")).version());
        assertTrue(CommandLine.parse(List.of("--version")).version());
    }

    @Test
    void refusesUnknownOptionsAndMissingValuesWithAHint() {
        UsageException unknown = assertThrows(UsageException.class, () -> CommandLine.parse(List.of("--prot", "1")));
        assertEquals("Unknown option --prot. Run with --help to see the options.", unknown.getMessage());
        UsageException missing = assertThrows(UsageException.class, () -> CommandLine.parse(List.of("--port")));
        assertEquals("Option --port needs a value, e.g. --port 5201.", missing.getMessage());
        assertThrows(UsageException.class, () -> CommandLine.parse(List.of("--data-dir", "--port", "1")));
    }

    @Test
    void helpListsEveryFlag() {
        String usage = CommandLine.usage();
        for (String flag : List.of("--api-key", "--api-url", "--model", "-p, --port", "-d, --data-dir",
                "--jwt-secret", "--invite-code-required", "-e, --env-file", "-h, --help", "-V, --version")) {
            assertTrue(usage.contains(flag), flag);
        }
    }

    @Test
    void helpNamesEverySettingThatHasNoFlag() {
        String usage = CommandLine.usage();
        String unflagged = usage.substring(usage.indexOf("Settings without a flag"));
        for (io.portagent.config.ConfigKey key : io.portagent.config.ConfigKey.values()) {
            assertTrue(key.longFlag().isPresent() || unflagged.contains(" " + key.name()), key.name());
        }
        assertTrue(unflagged.contains(" MCP_SERVERS") && unflagged.contains(" TRUSTED_PROXIES"), unflagged);
    }
}
