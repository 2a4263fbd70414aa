package io.portagent.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * The SQLite driver's native library, copied out of its jar once, next to the unpacked WAR
 * ({@link UnpackedWar}), and named to the driver with its {@code org.sqlite.lib.path} and
 * {@code org.sqlite.lib.name} properties. Otherwise the driver writes the library to the temp
 * folder at every start and reads both copies back to compare them. The folder for this OS and
 * CPU is the driver's own answer ({@code LibraryLoaderUtil}). Nothing here is required: on any
 * failure the properties stay unset, and a library the JVM cannot load makes the driver fall
 * back to its own copy.
 */
final class SqliteNative {

    static final String PATH_PROPERTY = "org.sqlite.lib.path";
    static final String NAME_PROPERTY = "org.sqlite.lib.name";

    private SqliteNative() {
    }

    /** Copies the library of {@code unpacked}'s driver jar into {@code folder} if not there yet, and names it to the driver. */
    static void prepare(Path unpacked, Path folder) {
        if (System.getProperty(PATH_PROPERTY) != null || System.getProperty(NAME_PROPERTY) != null) {
            return; // the operator's own choice
        }
        try {
            Path jar = driverJar(unpacked.resolve("WEB-INF/lib"));
            if (jar == null) {
                return;
            }
            String resource;
            String name;
            try (URLClassLoader driver = new URLClassLoader(new URL[] {jar.toUri().toURL()},
                    ClassLoader.getPlatformClassLoader())) {
                Class<?> util = Class.forName("org.sqlite.util.LibraryLoaderUtil", true, driver);
                resource = (String) util.getMethod("getNativeLibResourcePath").invoke(null);
                name = (String) util.getMethod("getNativeLibName").invoke(null);
            }
            String entryName = (resource.startsWith("/") ? resource.substring(1) : resource) + "/" + name;
            Path dir = folder.resolve(resource.startsWith("/") ? resource.substring(1) : resource); // .../Linux/x86_64
            Path library = dir.resolve(name);
            try (ZipFile zip = new ZipFile(jar.toFile())) {
                ZipEntry entry = zip.getEntry(entryName);
                if (entry == null) {
                    return; // no library for this platform in the jar: the driver says so itself
                }
                if (!Files.isRegularFile(library) || Files.size(library) != entry.getSize()) {
                    Files.createDirectories(dir);
                    Path part = Files.createTempFile(dir, name, ".part");
                    try (InputStream in = zip.getInputStream(entry)) {
                        Files.copy(in, part, StandardCopyOption.REPLACE_EXISTING);
                    }
                    Files.move(part, library, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                }
            }
            System.setProperty(PATH_PROPERTY, dir.toString());
            System.setProperty(NAME_PROPERTY, name);
        } catch (IOException | ReflectiveOperationException | RuntimeException | LinkageError e) {
            // the driver copies its library out itself, as without this
        }
    }

    private static Path driverJar(Path lib) throws IOException {
        if (!Files.isDirectory(lib)) {
            return null;
        }
        try (DirectoryStream<Path> jars = Files.newDirectoryStream(lib, "sqlite-jdbc-*.jar")) {
            for (Path jar : jars) {
                return jar;
            }
        }
        return null;
    }
}
