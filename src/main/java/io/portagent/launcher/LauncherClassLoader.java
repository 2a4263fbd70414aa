package io.portagent.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A class loader over the Tomcat jars in {@code WEB-INF/lib-launcher} and the WAR root. The jars
 * are copied to a temporary folder first, since a class loader cannot read a jar inside a jar.
 */
final class LauncherClassLoader {

    private static final String JARS = "WEB-INF/lib-launcher/";

    private LauncherClassLoader() {
    }

    static ClassLoader create(Path war) throws IOException {
        Path dir = Files.createTempDirectory("portagent-launcher");
        List<URL> urls = new ArrayList<>();
        try (ZipFile zip = new ZipFile(war.toFile())) {
            for (ZipEntry entry : Collections.list(zip.entries())) {
                if (entry.getName().startsWith(JARS) && entry.getName().endsWith(".jar")) {
                    urls.add(extract(zip, entry, dir).toUri().toURL());
                }
            }
        }
        if (urls.isEmpty()) {
            throw new IOException(war + " carries no " + JARS + " (was it built with `mvn package`?)");
        }
        urls.add(war.toUri().toURL());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> TempFiles.deleteTree(dir), "portagent-cleanup"));
        return new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
    }

    private static Path extract(ZipFile zip, ZipEntry entry, Path dir) throws IOException {
        Path target = dir.resolve(entry.getName().substring(JARS.length()));
        try (InputStream in = zip.getInputStream(entry)) {
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
        return target;
    }
}
