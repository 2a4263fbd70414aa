package io.portagent.deploy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.testing.Await;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The full Jakarta EE servers of the matrix, set up from their distributions (unpacked by the
 * build into {@code target/deploy-matrix}) the way deploy/ and docs/deployment.md tell an operator
 * to: WildFly with deploy/wildfly/portagent.cli run through its own jboss-cli against the running
 * server and a server directory of its own, Open Liberty by the docs' shell commands in the
 * distribution's usr/ (a throwaway copy, like WildFly's modules/). Both on free loopback ports.
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

        /** Stops the server the documented way; by default SIGTERM, as a service manager does. */
        default void stop(ChildProcess running) {
            running.close();
        }

        /** After {@link #undeploy()}: the rest of the documented uninstall, checked. */
        void uninstall(ChildProcess running) throws IOException;

        /**
         * After {@link #undeploy()}: the WAR's class loader is released, or, where the server itself
         * keeps it (docs/deployment.md, "After an undeploy: what holds the class loader"), the probe
         * WAR shows that it keeps any application's in the same way.
         */
        void checkClassLoader(ChildProcess running, Path work) throws IOException;
    }

    /** A class of the WAR that every request path loads: while it is loaded, so is the WAR's class loader. */
    static final String WAR_CLASS = "io.portagent.app.Components";

    /** GETs {@code url} until it answers 200 (the application may still be starting). */
    static void awaitOk(String what, java.net.URI url, Duration deadline) {
        Await.until(what, deadline, () -> {
            try {
                return io.portagent.testing.Http.get(url).status();
            } catch (RuntimeException e) {
                return -1;
            }
        }, status -> status == 200);
    }

    /** WildFly: its own standalone/ directory, the CLI script applied to the running server. */
    record WildFly(Path home, Path base, Path war, int port, int managementPort, Map<String, String> env) implements Server {

        /**
         * The size of the request thread pool (the io subsystem's default worker, task-max-threads)
         * that the test's copy of portagent.cli sets, the same on any machine (WildFly's own default
         * is 16 per CPU core).
         */
        static final int WORKERS = 16;

        /**
         * The CLI lines that go into the script's batch: {@link #WORKERS} threads, none of them kept
         * when idle (no core threads) and an idle one ending after 10 s. A worker keeps the first
         * request it served until it ends (docs/deployment.md), so the class check needs them to end,
         * and waits until they all have.
         */
        static final String WORKERS_CLI = "/subsystem=io/worker=default:write-attribute(name=task-max-threads, value=" + WORKERS + ")\n"
                + "/subsystem=io/worker=default:write-attribute(name=task-core-threads, value=0)\n"
                + "/subsystem=io/worker=default:write-attribute(name=task-keepalive, value=10000)";

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
            // Every collection clears soft references (a cache's, not a leak): the class check then means it.
            all.put("JAVA_OPTS", "-Xmx512m -XX:SoftRefLRUPolicyMSPerMB=0");
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
            for (int attempt = 1; !cliOnce(script, attempt); attempt++) {
                assertTrue(attempt < 3, "jboss-cli could not connect three times");
            }
        }

        /**
         * One run of the script; false if jboss-cli never connected (it then fails before the first
         * command, with a NullPointerException about its connection, when the management interface
         * is slow to answer on a busy machine), so that running it again is safe.
         */
        private boolean cliOnce(Path script, int attempt) {
            Map<String, String> all = Map.of("JAVA_HOME", Servers.javaHome(), "JAVA_OPTS", "-Xmx128m");
            Path log = base.resolve("cli-" + script.getFileName() + "-" + attempt + ".out");
            try (ChildProcess cli = ChildProcess.start("jboss-cli", base, log, all,
                    List.of("sh", home.resolve("bin/jboss-cli.sh").toString(), "--connect", "--timeout=120000",
                            "--controller=127.0.0.1:" + managementPort, "--file=" + script))) {
                assertTrue(cli.process().waitFor(240, TimeUnit.SECONDS), cli::tail);
                if (cli.process().exitValue() != 0 && cli.output().contains("connInfoBean")) {
                    return false;
                }
                assertTrue(cli.process().exitValue() == 0, () -> "jboss-cli " + script + " failed\n" + cli.tail());
                return true;
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

        /**
         * WildFly keeps an undeployed application's class loader in three places of its own
         * (docs/deployment.md, "After an undeploy"): a worker thread keeps the first task it ran
         * until it ends; an HTTP/2 connection keeps its recent streams until it closes (an idle one
         * after the listener's no-request-timeout, 60 s); and a worker that has ended stays linked
         * from the pool's queue (its waiting node, with the thread, whose context class loader can
         * be the WAR's) until a later task is submitted while no other worker waits. So, with the
         * test's worker ({@link #WORKERS_CLI}: no core threads, idle ones end after 10 s): deploy
         * the probe WAR, wait until every worker has ended, have the pool run one request of the
         * probe (it starts a fresh worker, which shows the submission passed every ended worker's
         * node), undeploy the probe, and then, within two minutes of collections, Portagent's
         * classes must be gone: nothing of ours holds them.
         */
        @Override
        public void checkClassLoader(ChildProcess running, Path work) throws IOException {
            Path deployed = base.resolve("deployments/probe.war");
            Files.copy(io.portagent.deploy.probe.ProbeWar.write(work.resolve("probe.war")), deployed,
                    StandardCopyOption.REPLACE_EXISTING);
            java.net.URI hello = java.net.URI.create("http://127.0.0.1:" + port + "/probe/hello");
            awaitOk("the probe WAR on WildFly", hello, Duration.ofSeconds(180));
            long begin = System.nanoTime();
            long pid = serverJvm(running);
            Await.until("every WildFly worker ended", Duration.ofSeconds(90), () -> threadsNamed(pid, WORKER_THREAD),
                    List::isEmpty);
            double idle = (System.nanoTime() - begin) / 1e9;
            // HTTP/1.1: an h2c connection would keep the probe's exchange (not Portagent's) for 60 s.
            java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
                    .version(java.net.http.HttpClient.Version.HTTP_1_1).build();
            try {
                int status = client.send(java.net.http.HttpRequest.newBuilder(hello).timeout(Duration.ofSeconds(60)).build(),
                        java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
                assertTrue(status == 200, () -> "the probe answers: " + status);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError(e);
            }
            assertTrue(!threadsNamed(pid, WORKER_THREAD).isEmpty(),
                    "the probe's request started a worker (the pool had none: it passed every ended worker's node)");
            Files.delete(deployed);
            Await.until("probe.war undeployed", Duration.ofSeconds(120),
                    () -> running.output().contains("WFLYSRV0009: Undeployed \"probe.war\""));
            assertClassGone(running, WAR_CLASS, Duration.ofSeconds(120));
            System.out.printf("WildFly: workers all ended %.1f s after the probe answered; Portagent's classes unloaded"
                    + " %.1f s after that%n", idle, (System.nanoTime() - begin) / 1e9 - idle);
        }

        /** The name of the default worker's request threads, "default task-N", as jcmd prints it. */
        static final String WORKER_THREAD = "default task-";

        /**
         * The uninstall block of docs/deployment.md ("WildFly") as written, against this server's
         * management port: the script's resources are gone from the configuration, the module from
         * the distribution, and the server runs on after its reload.
         */
        @Override
        public void uninstall(ChildProcess running) throws IOException {
            String block = String.join("\n", Docs.blocks("## WildFly").get(1)).replace("$JBOSS_HOME", home.toString())
                    .replace("--connect ", "--connect --controller=127.0.0.1:" + managementPort + " ");
            bash("WildFly uninstall", home, base.resolve("uninstall.out"),
                    Map.of("JAVA_HOME", Servers.javaHome(), "JAVA_OPTS", "-Xmx128m"), block);
            String config = Files.readString(base.resolve("configuration/standalone.xml"), StandardCharsets.UTF_8);
            for (String gone : List.of("org.xerial.sqlite", "java:jboss/datasources/portagent",
                    "java:jboss/datasources/agentx", "portagent.LLM_PROVIDER_KEY", "portagent.AGENTX_DIR",
                    "application-security-domain name=\"portagent\"")) {
                assertTrue(!config.contains(gone), () -> "standalone.xml still has " + gone);
            }
            assertTrue(!Files.exists(home.resolve("modules/org/xerial/sqlite")), "the module is removed");
            assertTrue(running.isAlive(), () -> "WildFly runs on after the reload\n" + running.tail());
        }
    }

    /**
     * Open Liberty set up and started by the shell commands of docs/deployment.md ("Open Liberty")
     * as written, with the distribution in place of /opt/wlp and the run's own data directory and
     * key. Between the set-up and {@code server start} the test adds what an operator would not:
     * the stand-in model's URL in server.env and a free port in bootstrap.properties.
     */
    record Liberty(Path home, Path server, Path project, List<String> setUp, String startLine, Map<String, String> env,
            int port) implements Server {

        static Liberty install(Path home, Path project, Path data, Map<String, String> extraEnv) throws IOException {
            Path server = home.resolve("usr/servers/portagent");
            io.portagent.testing.TestFiles.deleteTree(server);
            io.portagent.testing.TestFiles.deleteTree(home.resolve("usr/servers/.pid"));
            List<String> block = Docs.commands("## Open Liberty").stream()
                    .filter(line -> !line.startsWith("sudo ") && !line.startsWith("curl "))
                    .map(line -> line.replace("/opt/wlp", home.toString()).replace("/var/lib/portagent", data.toString())
                            .replace("sk-ant-api03-xxxxx", io.portagent.testing.AppServer.TEST_API_KEY))
                    .toList();
            int start = indexOf(block, "/bin/server start portagent");
            Map<String, String> env = Map.of("JAVA_HOME", Servers.javaHome(), "JVM_ARGS", "-Xmx512m");
            Liberty liberty = new Liberty(home, server, project, block.subList(0, start), block.get(start), env,
                    ChildProcess.freePort());
            liberty.shell("set-up", String.join("\n", liberty.setUp()));
            StringBuilder more = new StringBuilder();
            extraEnv.forEach((key, value) -> more.append(key).append('=').append(value).append('\n'));
            Files.writeString(server.resolve("server.env"), more, StandardCharsets.UTF_8, StandardOpenOption.APPEND);
            Files.writeString(server.resolve("bootstrap.properties"), "portagent.http.port=" + liberty.port() + "\n");
            return liberty;
        }

        @Override
        public String name() {
            return "Open Liberty";
        }

        /**
         * {@code server start portagent} as documented: the script starts the JVM in the background
         * and returns; the JVM is then watched through the pid file the script writes, and its log is
         * messages.log (console.log has only the audit lines).
         */
        @Override
        public ChildProcess start() {
            shell("start", startLine);
            Path pidFile = home.resolve("usr/servers/.pid/portagent.pid");
            long pid = Long.parseLong(read(pidFile).trim());
            ProcessHandle jvm = ProcessHandle.of(pid).orElseThrow(() -> new AssertionError("Liberty's pid " + pid + " is gone"));
            return new ChildProcess(name(), new DetachedProcess(jvm), server.resolve("logs/messages.log"));
        }

        /** {@code server stop portagent}, as the docs say for a change of settings and before an uninstall. */
        @Override
        public void stop(ChildProcess running) {
            shell("stop", home.resolve("bin/server") + " stop portagent");
            running.close();
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

        /**
         * Liberty's Jakarta Security keeps each module's mechanism in a table
         * ({@code ModulePropertiesUtils}) whose entries outlive the module: the probe WAR, two classes
         * with an application-scoped mechanism, stays loaded after its undeploy just as Portagent does.
         * When a Liberty release stops doing so, this fails: then check Portagent's classes here too.
         */
        @Override
        public void checkClassLoader(ChildProcess running, Path work) throws IOException {
            Files.copy(io.portagent.deploy.probe.ProbeWar.write(work.resolve("probe.war")), server.resolve("apps/probe.war"),
                    StandardCopyOption.REPLACE_EXISTING);
            String probe = "<webApplication id=\"probe\" name=\"probe\" location=\"probe.war\" contextRoot=\"/probe\"/>";
            edit("</server>", "  " + probe + "\n</server>");
            awaitOk("the probe WAR on Open Liberty", java.net.URI.create("http://127.0.0.1:" + port + "/probe/hello"),
                    Duration.ofSeconds(180));
            edit(probe, "");
            Await.until("probe undeployed", Duration.ofSeconds(120),
                    () -> running.output().contains("CWWKZ0009I: The application probe has stopped successfully."));
            assertTrue(loaded(running, io.portagent.deploy.probe.ProbeWar.PROBE_CLASS),
                    "Open Liberty released the probe's mechanism: check Portagent's classes on it too (docs/deployment.md)");
            System.out.println("Open Liberty after both undeploys: Portagent's classes "
                    + (loaded(running, WAR_CLASS) ? "still loaded, like the probe's" : "released"));
        }

        /** The rest of the documented uninstall: {@code server stop portagent}, then {@code rm -r $S}. */
        @Override
        public void uninstall(ChildProcess running) {
            stop(running);
            shell("uninstall", "rm -r " + server);
            assertTrue(!Files.exists(server) && !running.isAlive(), "server stopped and its directory removed");
        }

        private void edit(String from, String to) throws IOException {
            String xml = Files.readString(server.resolve("server.xml"), StandardCharsets.UTF_8);
            assertTrue(xml.contains(from), "server.xml has " + from);
            Files.writeString(server.resolve("server.xml"), xml.replace(from, to), StandardCharsets.UTF_8);
        }

        /** Runs documented lines in the project's directory (they name deploy/ and target/ from there). */
        private void shell(String what, String script) {
            bash("Liberty " + what, project, home.resolve("usr/liberty-" + what + ".out"), env, script);
        }
    }

    /** Runs {@code script} with {@code bash -e} in {@code dir}; fails with its output unless it ends with 0 within 4 minutes. */
    static void bash(String what, Path dir, Path log, Map<String, String> env, String script) {
        try (ChildProcess sh = ChildProcess.start(what, dir, log, env, List.of("bash", "-e", "-c", script))) {
            assertTrue(sh.process().waitFor(4, TimeUnit.MINUTES), sh::tail);
            assertTrue(sh.process().exitValue() == 0, () -> "documented commands failed:\n" + script + "\n" + sh.tail());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static int indexOf(List<String> lines, String part) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(part)) {
                return i;
            }
        }
        throw new AssertionError("docs/deployment.md has no line with " + part);
    }

    private static String read(Path file) {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** After an undeploy: no thread of Portagent's executors is left (asked of the server's JVM with jcmd). */
    static void assertNoThreadsLeft(ChildProcess server, Duration deadline) {
        long pid = serverJvm(server);
        Await.until(server.name() + " without Portagent's threads", deadline, () -> threadsLeft(pid), List::isEmpty);
    }

    /**
     * Once the JVM has collected garbage, no class named {@code className} is loaded any more: its
     * WAR's class loader is gone. With {@code -Dportagent.matrix.heapDump=DIR} a failure leaves a
     * heap dump there, to find what still holds the loader.
     */
    static void assertClassGone(ChildProcess server, String className, Duration deadline) {
        long pid = serverJvm(server);
        try {
            Await.until(server.name() + " without " + className, deadline, () -> loaded(pid, className), loaded -> !loaded);
        } catch (AssertionError e) {
            String dump = System.getProperty("portagent.matrix.heapDump", "");
            if (!dump.isEmpty()) {
                Path file = Path.of(dump).toAbsolutePath().resolve(server.name().replace(' ', '-') + "-undeployed.hprof");
                e.addSuppressed(new AssertionError("heap dump: " + file + "\n" + jcmd(pid, "GC.heap_dump", file.toString())));
            }
            throw e;
        }
    }

    /** Whether {@code className} is unloaded, after garbage collections, within {@code deadline}. */
    static boolean releasedWithin(ChildProcess server, String className, Duration deadline) {
        long end = System.nanoTime() + deadline.toNanos();
        while (System.nanoTime() < end) {
            if (!loaded(server, className)) {
                return true;
            }
        }
        return false;
    }

    /** Whether {@code className} is still loaded after a full garbage collection. */
    static boolean loaded(ChildProcess server, String className) {
        return loaded(serverJvm(server), className);
    }

    private static boolean loaded(long pid, String className) {
        jcmd(pid, "GC.run");
        return jcmd(pid, "VM.class_hierarchy", className).contains(className + "/");
    }

    /** The lines of jcmd's thread dump that begin a thread whose name starts with {@code prefix}. */
    static List<String> threadsNamed(long pid, String prefix) {
        return jcmd(pid, "Thread.print").lines().filter(l -> l.startsWith("\"" + prefix)).toList();
    }

    private static List<String> threadsLeft(long pid) {
        return jcmd(pid, "Thread.print").lines().filter(l -> OUR_THREADS.stream().anyMatch(t -> l.startsWith("\"" + t)))
                .toList();
    }

    /** The server's JVM: the child itself (Liberty execs it) or the java process under the start script. */
    static long serverJvm(ChildProcess server) {
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
