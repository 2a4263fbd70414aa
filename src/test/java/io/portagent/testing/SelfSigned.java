package io.portagent.testing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;

/**
 * A self-signed certificate for 127.0.0.1, made with the JDK's keytool under {@code dir}: the
 * server's key store, and a PKCS#12 trust store (password {@code changeit}) holding only the
 * certificate, as an operator would give the service for an internal CA
 * ({@code -Djavax.net.ssl.trustStore} in {@code JAVA_TOOL_OPTIONS}).
 */
public final class SelfSigned {

    public static final String PASSWORD = "changeit";

    private final Path keyStore;
    private final Path trustStore;

    private SelfSigned(Path keyStore, Path trustStore) {
        this.keyStore = keyStore;
        this.trustStore = trustStore;
    }

    public static SelfSigned create(Path dir) {
        try {
            Files.createDirectories(dir);
            Path keys = dir.resolve("server.p12");
            Path cert = dir.resolve("server.pem");
            Path trust = dir.resolve("trust.p12");
            for (Path file : List.of(keys, cert, trust)) {
                Files.deleteIfExists(file);
            }
            keytool("-genkeypair", "-alias", "server", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                    "-dname", "CN=127.0.0.1", "-ext", "SAN=ip:127.0.0.1", "-keystore", keys.toString(),
                    "-storetype", "PKCS12", "-storepass", PASSWORD);
            keytool("-exportcert", "-rfc", "-alias", "server", "-keystore", keys.toString(), "-storepass", PASSWORD,
                    "-file", cert.toString());
            trustStore(cert, trust);
            return new SelfSigned(keys, trust);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A server context presenting the certificate. */
    public SSLContext serverContext() {
        try (InputStream in = Files.newInputStream(keyStore)) {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            keys.load(in, PASSWORD.toCharArray());
            KeyManagerFactory managers = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            managers.init(keys, PASSWORD.toCharArray());
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(managers.getKeyManagers(), null, null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new AssertionError("cannot load " + keyStore, e);
        }
    }

    /** Makes {@code store}, a PKCS#12 trust store (password {@link #PASSWORD}) holding only {@code certificate} (PEM). */
    public static void trustStore(Path certificate, Path store) {
        try {
            keytool("-importcert", "-noprompt", "-alias", "server", "-file", certificate.toString(), "-keystore",
                    store.toString(), "-storetype", "PKCS12", "-storepass", PASSWORD);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The trust store holding the certificate (PKCS#12, password {@link #PASSWORD}). */
    public Path trustStore() {
        return trustStore;
    }

    /** {@code JAVA_TOOL_OPTIONS} that make a JVM trust the certificate, as the documentation says. */
    public String javaToolOptions() {
        return "-Djavax.net.ssl.trustStore=" + trustStore.toAbsolutePath() + " -Djavax.net.ssl.trustStorePassword="
                + PASSWORD;
    }

    private static void keytool(String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        try {
            String out = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new AssertionError("keytool failed: " + command + "\n" + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
