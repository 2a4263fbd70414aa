package io.portagent.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.SQLException;
import java.util.Collections;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The SQLite driver the WAR carries in WEB-INF/lib, loaded for the launcher's own commands
 * (backup, restore, diagnose), which run without the web application.
 */
final class SqliteDriver {

    private final Driver driver;

    private SqliteDriver(Driver driver) {
        this.driver = driver;
    }

    static SqliteDriver load(Path war) throws IOException {
        Path dir = Files.createTempDirectory("portagent-sqlite");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> TempFiles.deleteTree(dir), "portagent-cleanup-sqlite"));
        try (ZipFile zip = new ZipFile(war.toFile())) {
            for (ZipEntry entry : Collections.list(zip.entries())) {
                String name = entry.getName();
                if (name.startsWith("WEB-INF/lib/sqlite-jdbc-") && name.endsWith(".jar")) {
                    Path jar = dir.resolve("sqlite-jdbc.jar");
                    try (InputStream in = zip.getInputStream(entry)) {
                        Files.copy(in, jar, StandardCopyOption.REPLACE_EXISTING);
                    }
                    return new SqliteDriver(instantiate(jar.toUri().toURL()));
                }
            }
        }
        throw new IOException(war + " carries no WEB-INF/lib/sqlite-jdbc-*.jar");
    }

    private static Driver instantiate(URL jar) throws IOException {
        try {
            ClassLoader loader = new URLClassLoader(new URL[] {jar}, ClassLoader.getPlatformClassLoader());
            return (Driver) Class.forName("org.sqlite.JDBC", true, loader).getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IOException("Cannot load the SQLite driver: " + e, e);
        }
    }

    Connection open(Path file, boolean readOnly) throws SQLException {
        Properties properties = new Properties();
        if (readOnly) {
            properties.setProperty("open_mode", "1");
        }
        properties.setProperty("busy_timeout", "10000");
        return driver.connect("jdbc:sqlite:" + file, properties);
    }
}
