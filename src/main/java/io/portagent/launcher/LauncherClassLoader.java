package io.portagent.launcher;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A class loader over the Tomcat jars in {@code WEB-INF/lib-launcher} and the root of the unpacked WAR ({@link UnpackedWar}). */
final class LauncherClassLoader {

    private static final String JARS = "WEB-INF/lib-launcher";

    private LauncherClassLoader() {
    }

    static ClassLoader create(Path unpacked) throws IOException {
        List<URL> urls = new ArrayList<>();
        Path jars = unpacked.resolve(JARS);
        if (Files.isDirectory(jars)) {
            try (DirectoryStream<Path> found = Files.newDirectoryStream(jars, "*.jar")) {
                for (Path jar : found) {
                    urls.add(jar.toUri().toURL());
                }
            }
        }
        if (urls.isEmpty()) {
            throw new IOException("the WAR carries no " + JARS + "/ (was it built with `mvn package`?)");
        }
        urls.sort(java.util.Comparator.comparing(URL::toString)); // the same order at every start
        urls.add(unpacked.toUri().toURL());
        return new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
    }
}
