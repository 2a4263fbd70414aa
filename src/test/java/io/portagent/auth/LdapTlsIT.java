package io.portagent.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.testing.Http;
import io.portagent.testing.LauncherProcess;
import io.portagent.testing.SlapdServer;
import io.portagent.testing.TestFiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * LDAP sign-in over TLS against a real OpenLDAP that answers nothing in clear text (a
 * self-signed certificate, {@code security ssf=128}): {@code ldaps://}, and {@code ldap://} with
 * {@code LDAP_STARTTLS=true}, each as {@code java -jar} with the certificate in a trust store
 * given the documented way ({@code -Djavax.net.ssl.trustStore} in {@code JAVA_TOOL_OPTIONS});
 * without the trust store, or without StartTLS, the sign-in is a 503 with a sentence, never a 500
 * and never a password sent in clear text.
 */
class LdapTlsIT {

    private static final String PEOPLE = "ou=people," + SlapdServer.SUFFIX;
    private static final SlapdServer ldap = SlapdServer.createWithTls("slapd-tls");

    static {
        ldap.add(String.join("\n", "dn: " + PEOPLE, "objectClass: organizationalUnit", "ou: people", "",
                "dn: uid=tess," + PEOPLE, "objectClass: inetOrgPerson", "uid: tess", "cn: Tess Example",
                "sn: Example", "mail: tess@example.org", "userPassword: tess-tls-pw", ""));
    }

    @AfterAll
    static void stopTheDirectory() {
        ldap.close();
    }

    private static Map<String, String> settings(String url, boolean startTls, boolean trusted) {
        Map<String, String> env = new HashMap<>(Map.of("LLM_PROVIDER_KEY", "sk-ant-api03-ldap-tls",
                "LLM_PROVIDER_URL", "http://127.0.0.1:9", "LDAP_URL", url, "LDAP_USER_BASE", PEOPLE,
                "LDAP_STARTTLS", String.valueOf(startTls), "PROVIDER_CHECK_INTERVAL", "0"));
        if (trusted) {
            env.put("JAVA_TOOL_OPTIONS", "-Djavax.net.ssl.trustStore=" + ldap.trustStore()
                    + " -Djavax.net.ssl.trustStorePassword=changeit");
        }
        return env;
    }

    /** Starts the service with {@code env}, signs in as tess; the answer's status and body. */
    private static Http.Reply signIn(Map<String, String> env) {
        Path work;
        try {
            work = Files.createDirectories(Path.of("target", "ldap-tls-" + ProcessHandle.current().pid()))
                    .resolve(String.valueOf(System.nanoTime()));
            Files.createDirectories(work);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (LauncherProcess service = LauncherProcess.start(work, env, "--port", "0", "--data-dir",
                work.resolve("agentx").toString())) {
            URI base = service.awaitListening(Duration.ofSeconds(90));
            return Http.send(HttpRequest.newBuilder(base.resolve("/api/auth/login"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"usernameOrEmail\":\"tess\",\"password\":\"tess-tls-pw\"}")));
        } finally {
            TestFiles.deleteTree(work);
        }
    }

    @Test
    void theDirectoryAnswersNothingInClearText() {
        AssertionError refused = assertThrows(AssertionError.class, () -> SlapdServer.run(List.of("ldapwhoami", "-x",
                "-H", ldap.url(), "-D", "uid=tess," + PEOPLE, "-w", "tess-tls-pw"), Map.of()));
        assertTrue(refused.getMessage().contains("onfidentiality required"), refused::getMessage);
        String overTls = SlapdServer.run(List.of("ldapwhoami", "-x", "-ZZ", "-H", ldap.url(), "-D", "uid=tess," + PEOPLE,
                "-w", "tess-tls-pw"), Map.of("LDAPTLS_CACERT", ldap.certificate().toString()));
        assertTrue(overTls.contains("uid=tess"), overTls);
    }

    @Test
    void ldapsWithTheCertificateTrustedSignsIn() {
        Http.Reply reply = signIn(settings(ldap.ldapsUrl(), false, true));
        assertEquals(200, reply.status(), reply::body);
        assertEquals("tess", reply.json().getJsonObject("user").getString("username"));
    }

    @Test
    void startTlsOnLdapSignsIn() {
        Http.Reply reply = signIn(settings(ldap.url(), true, true));
        assertEquals(200, reply.status(), reply::body);
        assertEquals("tess@example.org", reply.json().getJsonObject("user").getString("email"));
    }

    @Test
    void anUntrustedCertificateOrNoStartTlsIsAnOutageWithASentence() {
        for (Map<String, String> env : List.of(settings(ldap.ldapsUrl(), false, false),
                settings(ldap.url(), true, false), settings(ldap.url(), false, true))) {
            Http.Reply reply = signIn(env);
            assertEquals(503, reply.status(), () -> env + ": " + reply.body());
            assertTrue(reply.json().getString("error").contains("directory server cannot be reached"), reply::body);
        }
    }
}
