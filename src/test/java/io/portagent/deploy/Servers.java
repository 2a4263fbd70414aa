package io.portagent.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Starts the app servers of the matrix the way an operator would, from what the build unpacked
 * into {@code target/deploy-matrix} and what {@code deploy/} ships: a Tomcat with its own
 * CATALINA_BASE (the distribution's conf/, a loopback connector on a free port, no shutdown
 * port), started with {@code catalina.sh run}; Payara Micro with {@code java -jar}.
 */
final class Servers {

    private Servers() {
    }

    static Path property(String name) {
        String value = System.getProperty(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException("system property " + name + " is not set: run with -Pdeploy-matrix");
        }
        Path path = Path.of(value);
        if (!Files.exists(path)) {
            throw new IllegalStateException(name + " = " + path + " does not exist (build the WARs first: see .ci/run)");
        }
        return path;
    }

    static Path deployDir() {
        return property("portagent.deploy.dir");
    }

    static String javaHome() {
        return System.getProperty("java.home");
    }

    static String java() {
        return Path.of(javaHome(), "bin", "java").toString();
    }

    /** A Tomcat distribution ({@code home}) with a CATALINA_BASE of its own, listening on 127.0.0.1:{@code port}. */
    record Tomcat(Path home, Path base, int port) {
    }

    /**
     * Makes a CATALINA_BASE in {@code base} for the Tomcat distribution named by the system
     * property {@code homeProperty}, listening on 127.0.0.1 only, on a free port.
     */
    static Tomcat tomcat(String homeProperty, Path base) {
        Path home = property(homeProperty);
        int port = ChildProcess.freePort();
        try {
            for (String dir : new String[] {"bin", "conf", "logs", "temp", "webapps", "work", "conf/Catalina/localhost"}) {
                Files.createDirectories(base.resolve(dir));
            }
            try (Stream<Path> files = Files.list(home.resolve("conf"))) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    Files.copy(file, base.resolve("conf").resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                }
            }
            Path serverXml = base.resolve("conf/server.xml");
            String xml = Files.readString(serverXml, StandardCharsets.UTF_8);
            String changed = xml.replace("<Server port=\"8005\"", "<Server port=\"-1\"")
                    .replace("<Connector port=\"8080\"", "<Connector port=\"" + port + "\" address=\"127.0.0.1\"");
            if (!changed.contains("<Connector port=\"" + port + "\"") || !changed.contains("<Server port=\"-1\"")) {
                throw new IllegalStateException("unexpected server.xml in " + home);
            }
            Files.writeString(serverXml, changed, StandardCharsets.UTF_8);
            return new Tomcat(home, base, port);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@code sh $CATALINA_HOME/bin/catalina.sh run}: the JVM replaces the shell, so SIGTERM reaches Tomcat. */
    static ChildProcess startTomcat(String name, Tomcat tomcat, Map<String, String> env) {
        Path base = tomcat.base();
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("JAVA_HOME", javaHome());
        all.put("CATALINA_HOME", tomcat.home().toString());
        all.put("CATALINA_BASE", base.toString());
        all.put("CATALINA_PID", base.resolve("temp/tomcat.pid").toString());
        all.putIfAbsent("JAVA_OPTS", "-Xmx384m");
        return ChildProcess.start(name, base, base.resolve("logs/console.out"), all,
                List.of("sh", tomcat.home().resolve("bin/catalina.sh").toString(), "run"));
    }

    /**
     * {@code java -jar payara-micro.jar --deploy <thin WAR> --contextroot portagent} with the
     * pre-boot commands of deploy/payara (loopback listener) and a root directory of its own.
     */
    static ChildProcess startPayaraMicro(Path jar, Path war, Path root, int port, Map<String, String> env) {
        List<String> command = new ArrayList<>(List.of(java(), "-Xmx512m", "-jar", jar.toString(),
                "--nocluster", "--port", String.valueOf(port), "--rootdir", root.resolve("micro-root").toString(),
                "--prebootcommandfile", deployDir().resolve("payara/pre-boot-commands.asadmin").toString(),
                "--deploy", war.toString(), "--contextroot", "portagent"));
        return ChildProcess.start("Payara Micro", root, root.resolve("payara-micro.out"), env, command);
    }
}
