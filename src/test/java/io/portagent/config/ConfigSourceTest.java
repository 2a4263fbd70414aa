package io.portagent.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The system-property source WildFly and Liberty operators use: {@code portagent.<KEY>}, read when asked. */
class ConfigSourceTest {

    private static final String PROPERTY = "portagent.LOG_LEVEL";

    @AfterEach
    void clear() {
        System.clearProperty(PROPERTY);
    }

    @Test
    void aSystemPropertyPortagentKeyIsTheValueOfKey() {
        System.setProperty(PROPERTY, "debug");
        assertEquals(Optional.of("debug"), ConfigSource.systemProperties().get("LOG_LEVEL"));
    }

    @Test
    void aKeyWithoutItsPropertyIsAbsentAndOtherPropertiesAreNotKeys() {
        System.setProperty("LOG_LEVEL", "debug");
        try {
            assertTrue(ConfigSource.systemProperties().get("LOG_LEVEL").isEmpty());
        } finally {
            System.clearProperty("LOG_LEVEL");
        }
    }

    @Test
    void itNamesItselfForTheSummary() {
        assertEquals("system property portagent.*", ConfigSource.systemProperties().name());
    }
}
