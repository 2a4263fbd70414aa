package io.portagent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EnvFileTest {

    @Test
    void readsPlainQuotedAndExportedValuesAndSkipsComments() {
        Map<String, String> values = EnvFile.parse(List.of(
                "# a comment",
                "",
                "PORT=5201",
                "export LOG_LEVEL=debug",
                "LLM_PROVIDER_MODEL=\"claude with spaces\"",
                "JWT_SECRET='single # not a comment'",
                "AGENTX_DIR=/var/lib/portagent # trailing comment",
                "not a pair",
                "EMPTY="));
        assertEquals(Map.of("PORT", "5201", "LOG_LEVEL", "debug", "LLM_PROVIDER_MODEL", "claude with spaces",
                "JWT_SECRET", "single # not a comment", "AGENTX_DIR", "/var/lib/portagent", "EMPTY", ""), values);
    }
}
