package io.portagent.launcher;

import io.portagent.config.LauncherContract;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
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
 * The commands that need the application ({@link LauncherContract#APP_COMMANDS}): the launcher
 * loads the application's entry for them ({@link LauncherContract#APP_COMMANDS_CLASS}) from the
 * WAR's {@code WEB-INF/classes} and {@code WEB-INF/lib}, in a class loader of its own, and hands
 * it the command and its arguments.
 * The application is not started: no web container, no port, no data directory lock.
 */
final class AppCommands {

    private static final String LIB = "WEB-INF/lib/";

    private AppCommands() {
    }

    static int run(Path war, String name, List<String> args, PrintStream out, PrintStream err) {
        try {
            ClassLoader application = classLoader(war);
            Thread.currentThread().setContextClassLoader(application);
            Class<?> commands = Class.forName(LauncherContract.APP_COMMANDS_CLASS, true, application);
            return (Integer) commands.getMethod("run", String.class, List.class, PrintStream.class, PrintStream.class)
                    .invoke(null, name, args, out, err);
        } catch (InvocationTargetException e) {
            err.println("Error: " + name + " failed: " + e.getCause());
            return LauncherContract.FAILED;
        } catch (ReflectiveOperationException | IOException e) {
            err.println("Error: cannot load the application's commands from " + war + ": " + e);
            return LauncherContract.FAILED;
        }
    }

    /** WEB-INF/classes read in place, the jars of WEB-INF/lib copied out (a class loader cannot read a jar in a jar). */
    private static ClassLoader classLoader(Path war) throws IOException {
        Path dir = Files.createTempDirectory("portagent-commands");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> TempFiles.deleteTree(dir), "portagent-cleanup-commands"));
        List<URL> urls = new ArrayList<>();
        urls.add(new URL("jar:" + war.toUri() + "!/WEB-INF/classes/"));
        try (ZipFile zip = new ZipFile(war.toFile())) {
            for (ZipEntry entry : Collections.list(zip.entries())) {
                String jar = entry.getName();
                if (jar.startsWith(LIB) && jar.endsWith(".jar") && jar.indexOf('/', LIB.length()) < 0) {
                    Path target = dir.resolve(jar.substring(LIB.length()));
                    try (InputStream in = zip.getInputStream(entry)) {
                        Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                    }
                    urls.add(target.toUri().toURL());
                }
            }
        }
        return new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
    }
}
