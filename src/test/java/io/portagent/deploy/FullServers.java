package io.portagent.deploy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.testing.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The full Jakarta EE servers of the matrix, set up from their distributions (unpacked by the
 * build into {@code target/deploy-matrix}) the way deploy/ tells an operator to: WildFly with
 * deploy/wildfly/portagent.cli run through its own jboss-cli against the running server, Open
 * Liberty with deploy/liberty/server.xml. Each gets a server directory of its own under the run's
 * work directory and free loopback ports; the distributions are only read.
 */
final class FullServers {

    /** Thread names of Portagent's own executors: none may survive an undeploy. */
    static final List<String> OUR_THREADS = List.of("portagent-", "llm-io", "llm-retry", "llm-switch");

    private FullServers() {
    }

    /** One server: where it listens, how it starts, and how the WAR moves from /portagent to /. */
    interface Server {
        String name();

        int port();

        ChildProcess start();

        /** While stopped: deploy the same WAR at / instead of /portagent. */
        void moveToRoot() throws IOException;

        /** While running: undeploy the WAR the server's own way. */
        void undeploy() throws IOException;

        /** The server's log line that says the application has stopped after {@link #undeploy()}. */
        String undeployedLine();
    }

    /** WildFly: its own standalone/ directory, the CLI script applied to the running server. */
    record WildFly(Path home, Path base, Path war, int port, int managementPort, Map<String, String> env) implements Server {

        static WildFly install(Path home, Path work, Path war, Map<String, String> env) throws IOException {
            Path base = work.resolve("standalone");
            copyTree(home.resolve("standalone"), base);
            // A module left by an earlier run in this (throwaway) distribution would make "module add" fail.
            io.portagent.testing.TestFiles.deleteTree(home.resolve("modules/org/xerial/sqlite"));
            return new WildFly(home, base, war, ChildProcess.freePort(), ChildProcess.freePort(), env);
        }

        @Override
        public String name() {
            return "WildFly";
        }

        @Override
        public ChildProcess start() {
            Map<String, String> all = new HashMap<>(env);
            all.put("JAVA_HOME", Servers.javaHome());
            all.put("JAVA_OPTS", "-Xmx512m");
            // The script then runs the JVM in the background and hands SIGTERM on to it.
            all.put("LAUNCH_JBOSS_IN_BACKGROUND", "1");
            return ChildProcess.start("WildFly", base, base.resolve("console.out"), all,
                    List.of("sh", home.resolve("bin/standalone.sh").toString(),
                            "-Djboss.server.base.dir=" + base, "-Djboss.http.port=" + port,
                            "-Djboss.https.port=" + ChildProcess.freePort(),
                            "-Djboss.management.http.port=" + managementPort));
        }

        /**
         * Runs {@code script} (deploy/wildfly/portagent.cli as edited by the operator) with jboss-cli
         * --connect, waiting up to 2 minutes for the reload at its end (the default 5 s is short on a busy machine).
         */
        void cli(Path script) {
            Map<String, String> all = Map.of("JAVA_HOME", Servers.javaHome(), "JAVA_OPTS", "-Xmx128m");
            Path log = base.resolve("cli-" + script.getFileName() + ".out");
            try (ChildProcess cli = ChildProcess.start("jboss-cli", base, log, all,
                    List.of("sh", home.resolve("bin/jboss-cli.sh").toString(), "--connect", "--timeout=120000",
                            "--controller=127.0.0.1:" + managementPort, "--file=" + script))) {
                assertTrue(cli.process().waitFor(120, TimeUnit.SECONDS), cli::tail);
                assertTrue(cli.process().exitValue() == 0, () -> "jboss-cli " + script + " failed\n" + cli.tail());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
        }

        void deploy(String runtimeName) throws IOException {
            Files.copy(war, base.resolve("deployments/" + runtimeName), StandardCopyOption.REPLACE_EXISTING);
        }

        @Override
        public void moveToRoot() throws IOException {
            try (Stream<Path> files = Files.list(base.resolve("deployments"))) {
                for (Path file : files.filter(f -> f.getFileName().toString().startsWith("portagent.war")).toList()) {
                    Files.delete(file);
                }
            }
            deploy("ROOT.war");
        }

        /** The deployment scanner undeploys a WAR whose file is removed. */
        @Override
        public void undeploy() throws IOException {
            Files.delete(base.resolve("deployments/ROOT.war"));
        }

        @Override
        public String undeployedLine() {
            return "WFLYSRV0009: Undeployed \"ROOT.war\"";
        }
    }

    /** Open Liberty: a server "portagent" in a user directory of its own (WLP_USER_DIR). */
    record Liberty(Path home, Path server, Map<String, String> env, int port) implements Server {

        static Liberty install(Path home, Path work, Path war, Path serverXml, Path driver, Map<String, String> env)
                throws IOException {
            Path user = work.resolve("usr");
            Path server = Files.createDirectories(user.resolve("servers/portagent"));
            Files.copy(serverXml, server.resolve("server.xml"));
            Files.createDirectories(server.resolve("lib"));
            Files.copy(driver, server.resolve("lib").resolve(driver.getFileName()));
            Files.createDirectories(server.resolve("apps"));
            Files.copy(war, server.resolve("apps/portagent.war"));
            int port = ChildProcess.freePort();
            Files.writeString(server.resolve("bootstrap.properties"), "portagent.http.port=" + port + "\n");
            StringBuilder serverEnv = new StringBuilder();
            env.forEach((key, value) -> serverEnv.append(key).append('=').append(value).append('\n'));
            Files.writeString(server.resolve("server.env"), serverEnv, StandardCharsets.UTF_8);
            Map<String, String> launch = Map.of("JAVA_HOME", Servers.javaHome(), "WLP_USER_DIR", user.toString(),
                    "JVM_ARGS", "-Xmx512m");
            return new Liberty(home, server, launch, port);
        }

        @Override
        public String name() {
            return "Open Liberty";
        }

        /** {@code bin/server run portagent}: the script execs the JVM, so SIGTERM reaches the server. */
        @Override
        public ChildProcess start() {
            return ChildProcess.start("Open Liberty", server, server.resolve("console.out"), env,
                    List.of("sh", home.resolve("bin/server").toString(), "run", "portagent"));
        }

        @Override
        public void moveToRoot() throws IOException {
            edit("contextRoot=\"/portagent\"", "contextRoot=\"/\"");
        }

        /** Liberty notices the changed server.xml and stops the application it no longer names. */
        @Override
        public void undeploy() throws IOException {
            String xml = Files.readString(server.resolve("server.xml"), StandardCharsets.UTF_8);
            Files.writeString(server.resolve("server.xml"), xml.replaceAll("(?s)\\s*<webApplication [^>]*/>", ""),
                    StandardCharsets.UTF_8);
        }

        @Override
        public String undeployedLine() {
            return "CWWKZ0009I: The application portagent has stopped successfully.";
        }

        private void edit(String from, String to) throws IOException {
            String xml = Files.readString(server.resolve("server.xml"), StandardCharsets.UTF_8);
            assertTrue(xml.contains(from), "server.xml has " + from);
            Files.writeString(server.resolve("server.xml"), xml.replace(from, to), StandardCharsets.UTF_8);
        }
    }

    /**
     * After an undeploy: no thread of Portagent's executors is left and, with
     * {@code -Dportagent.matrix.classLeak=true}, once the JVM has collected garbage no class of
     * the WAR is loaded any more (its class loader is gone). Asks the server's JVM itself with
     * {@code jcmd}. The class check is opt-in because it fails today on both servers: the WAR's
     * class loader stays reachable after the undeploy (a one-servlet WAR's does not), held by the
     * servers themselves as far as heap dumps show (docs/deployment.md, "Known problem").
     */
    static void assertNothingLeft(ChildProcess server, Duration deadline) {
        long pid = serverJvm(server);
        boolean classes = Boolean.getBoolean("portagent.matrix.classLeak");
        Await.until(server.name() + " without Portagent's threads" + (classes ? " and classes" : ""), deadline,
                () -> left(pid, classes), List::isEmpty);
    }

    private static List<String> left(long pid, boolean classes) {
        jcmd(pid, "GC.run");
        List<String> left = new ArrayList<>();
        jcmd(pid, "Thread.print").lines().filter(l -> OUR_THREADS.stream().anyMatch(t -> l.startsWith("\"" + t)))
                .forEach(left::add);
        if (classes && jcmd(pid, "VM.class_hierarchy", "io.portagent.app.Components").contains("Components/")) {
            left.add("class io.portagent.app.Components still loaded");
        }
        return left;
    }

    /** The server's JVM: the child itself (Liberty execs it) or the java process under the start script. */
    private static long serverJvm(ChildProcess server) {
        return server.process().descendants().filter(p -> p.info().command().orElse("").endsWith("/java"))
                .mapToLong(ProcessHandle::pid).findFirst().orElse(server.process().pid());
    }

    private static String jcmd(long pid, String... command) {
        List<String> line = new ArrayList<>(List.of(Path.of(Servers.javaHome(), "bin", "jcmd").toString(),
                String.valueOf(pid)));
        line.addAll(List.of(command));
        try {
            Process process = new ProcessBuilder(line).redirectErrorStream(true).start();
            String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor(60, TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path source : all.toList()) {
                Path target = to.resolve(from.relativize(source).toString());
                if (Files.isDirectory(source)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(source, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }
}
