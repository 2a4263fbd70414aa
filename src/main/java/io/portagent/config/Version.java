package io.portagent.config;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The build's version, from {@code portagent/version.properties} (filled in by Maven). */
public final class Version {

    private static final String VERSION = load();

    private Version() {
    }

    public static String current() {
        return VERSION;
    }

    private static String load() {
        Properties properties = new Properties();
        try (InputStream in = Version.class.getResourceAsStream("/portagent/version.properties")) {
            if (in != null) {
                properties.load(in);
            }
        } catch (IOException e) {
            return "unknown";
        }
        return properties.getProperty("version", "unknown");
    }
}
