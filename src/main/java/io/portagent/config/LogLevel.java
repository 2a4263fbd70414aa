package io.portagent.config;

import java.util.Locale;

/** The levels {@code LOG_LEVEL} accepts. */
public enum LogLevel {
    DEBUG, INFO, WARN, ERROR;

    static LogLevel parse(String value) {
        return LogLevel.valueOf(value.strip().toUpperCase(Locale.ROOT));
    }

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
