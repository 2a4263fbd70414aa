package io.portagent.config;

import java.util.Map;
import java.util.Optional;

/** One place a configuration value can come from, named for error messages and diagnostics. */
public interface ConfigSource {

    String name();

    Optional<String> get(String key);

    static ConfigSource of(String name, Map<String, String> values) {
        Map<String, String> copy = Map.copyOf(values);
        return new ConfigSource() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public Optional<String> get(String key) {
                return Optional.ofNullable(copy.get(key));
            }
        };
    }

    /**
     * Java system properties {@code portagent.<KEY>}: how WildFly ({@code /system-property=...})
     * and Open Liberty ({@code jvm.options}) operators commonly hand settings to an application.
     */
    static ConfigSource systemProperties() {
        return new ConfigSource() {
            @Override
            public String name() {
                return "system property portagent.*";
            }

            @Override
            public Optional<String> get(String key) {
                return Optional.ofNullable(System.getProperty("portagent." + key));
            }
        };
    }
}
