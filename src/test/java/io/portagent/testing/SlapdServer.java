package io.portagent.testing;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A throwaway OpenLDAP server from Debian's {@code slapd}: its own {@code slapd.conf} and
 * {@code mdb} database under {@code target/}, on a free loopback port, never the system's
 * instance or configuration. Suffix {@link #SUFFIX}, root {@link #ROOT_DN} / {@link #ROOT_PASSWORD};
 * entries are added and changed with {@code ldapadd} / {@code ldapmodify} from {@code ldap-utils},
 * as an operator would. {@link #stop()} and {@link #start()} again keep the data and the port.
 * {@link #createWithTls} makes one that speaks TLS only: a self-signed certificate for
 * 127.0.0.1 (openssl), {@code ldaps://} on a second port, StartTLS on the first, and
 * {@code security ssf=128} so that nothing is answered over a plain connection.
 */
public final class SlapdServer implements AutoCloseable {

    public static final String SUFFIX = "dc=example,dc=org";
    public static final String ROOT_DN = "cn=admin," + SUFFIX;
    public static final String ROOT_PASSWORD = "root-secret";
    private static final Path SLAPD = Path.of("/usr/sbin/slapd");

    private final Path dir;
    private final int port;
    private final int ldapsPort;
    private Process process;

    private SlapdServer(Path dir, int port, int ldapsPort) {
        this.dir = dir;
        this.port = port;
        this.ldapsPort = ldapsPort;
    }

    /** Whether slapd and ldap-utils are installed. */
    public static boolean installed() {
        return Files.isExecutable(SLAPD) && Files.isExecutable(Path.of("/usr/bin/ldapadd"));
    }

    /** A new, empty directory holding only its suffix entry, started. */
    public static SlapdServer create(String name) {
        return create(name, false);
    }

    /** Like {@link #create(String)}, TLS only; {@link #certificate()} is what clients must trust. */
    public static SlapdServer createWithTls(String name) {
        return create(name, true);
    }

    private static SlapdServer create(String name, boolean tls) {
        if (!installed()) {
            throw new AssertionError("OpenLDAP is needed for this test: apt-get install slapd ldap-utils");
        }
        Path dir = Path.of("target", name + "-" + ProcessHandle.current().pid()).toAbsolutePath();
        try {
            TestFiles.deleteTree(dir);
            Files.createDirectories(dir.resolve("db"));
            if (tls) {
                selfSignedCertificate(dir);
            }
            Files.writeString(dir.resolve("slapd.conf"), config(dir, tls));
            SlapdServer server = new SlapdServer(dir, freePort(), tls ? freePort() : 0);
            server.start();
            Runtime.getRuntime().addShutdownHook(new Thread(server::stop, "slapd-stop"));
            server.add("dn: " + SUFFIX + "\nobjectClass: dcObject\nobjectClass: organization\ndc: example\no: Example\n");
            return server;
        } catch (IOException e) {
            throw new AssertionError("cannot prepare slapd under " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void selfSignedCertificate(Path dir) {
        run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=127.0.0.1",
                "-addext", "subjectAltName=IP:127.0.0.1", "-keyout", dir.resolve("key.pem").toString(), "-out",
                dir.resolve("cert.pem").toString()), Map.of());
    }

    /** The server's certificate (PEM) when it speaks TLS. */
    public Path certificate() {
        return dir.resolve("cert.pem");
    }

    /** A PKCS#12 trust store (password {@code changeit}) holding {@link #certificate()}, made with keytool. */
    public Path trustStore() {
        Path store = dir.resolve("trust.p12");
        if (!Files.exists(store)) {
            SelfSigned.trustStore(certificate(), store);
        }
        return store;
    }

    private static String config(Path dir, boolean tls) {
        List<String> lines = new ArrayList<>(List.of(
                "include /etc/ldap/schema/core.schema",
                "include /etc/ldap/schema/cosine.schema",
                "include /etc/ldap/schema/inetorgperson.schema",
                "include /etc/ldap/schema/nis.schema",
                "pidfile " + dir.resolve("slapd.pid"),
                "argsfile " + dir.resolve("slapd.args"),
                "modulepath /usr/lib/ldap",
                "moduleload back_mdb",
                "database mdb",
                "maxsize 16777216",
                "suffix \"" + SUFFIX + "\"",
                "rootdn \"" + ROOT_DN + "\"",
                "rootpw " + ROOT_PASSWORD,
                "directory " + dir.resolve("db"),
                "access to attrs=userPassword by self write by anonymous auth by * none",
                "access to * by * read"));
        if (tls) {
            lines.addAll(4, List.of("TLSCertificateFile " + dir.resolve("cert.pem"),
                    "TLSCertificateKeyFile " + dir.resolve("key.pem"), "security ssf=128"));
        }
        lines.add("");
        return String.join("\n", lines);
    }

    /** Starts slapd (again) in the foreground of a child process and waits until it accepts connections. */
    public void start() {
        try {
            String listen = ldapsPort == 0 ? url() + "/" : url() + "/ " + ldapsUrl() + "/";
            process = new ProcessBuilder(SLAPD.toString(), "-h", listen, "-f", dir.resolve("slapd.conf").toString(),
                    "-d", "0").redirectErrorStream(true).redirectOutput(dir.resolve("slapd.log").toFile()).start();
        } catch (IOException e) {
            throw new AssertionError("cannot start slapd: " + e.getMessage(), e);
        }
        Await.until("slapd to listen on " + port + " (see " + dir.resolve("slapd.log") + ")", Duration.ofSeconds(30),
                this::accepts, up -> up || !process.isAlive());
        if (!process.isAlive()) {
            throw new AssertionError("slapd ended at start-up; see " + dir.resolve("slapd.log"));
        }
    }

    /** Stops slapd and waits until it has ended (the outage a test wants). */
    public void stop() {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    @Override
    public void close() {
        stop();
    }

    private boolean accepts() {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** {@code ldap://127.0.0.1:PORT}. */
    public String url() {
        return "ldap://127.0.0.1:" + port;
    }

    public int port() {
        return port;
    }

    /** {@code ldaps://127.0.0.1:PORT}, when it speaks TLS. */
    public String ldapsUrl() {
        return "ldaps://127.0.0.1:" + ldapsPort;
    }

    /** Adds the entries of an LDIF with ldapadd, as the root DN. */
    public void add(String ldif) {
        ldapTool("ldapadd", ldif);
    }

    /** Applies an LDIF of changes ({@code changetype: modify}) with ldapmodify, as the root DN. */
    public void modify(String ldif) {
        ldapTool("ldapmodify", ldif);
    }

    private void ldapTool(String tool, String ldif) {
        List<String> command = new ArrayList<>(List.of(tool, "-x", "-H", ldapsPort == 0 ? url() : ldapsUrl(), "-D",
                ROOT_DN, "-w", ROOT_PASSWORD));
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            if (ldapsPort != 0) {
                builder.environment().put("LDAPTLS_CACERT", certificate().toString());
            }
            Process p = builder.start();
            p.getOutputStream().write(ldif.getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new AssertionError(tool + " failed:\n" + out + "\nLDIF:\n" + ldif);
            }
        } catch (IOException e) {
            throw new AssertionError(tool + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted: " + tool, e);
        }
    }

    /** Runs a tool to its end; its output, or an AssertionError with it. */
    public static String run(List<String> command, Map<String, String> env) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            builder.environment().putAll(env);
            Process p = builder.start();
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(command.get(0) + " did not finish:\n" + out);
            }
            if (p.exitValue() != 0) {
                throw new AssertionError(String.join(" ", command) + " failed (" + p.exitValue() + "):\n" + out);
            }
            return out;
        } catch (IOException e) {
            throw new AssertionError(command.get(0) + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
