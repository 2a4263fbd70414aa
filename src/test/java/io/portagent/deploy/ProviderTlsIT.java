package io.portagent.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.testing.FakeAnthropic;
import io.portagent.testing.LauncherProcess;
import io.portagent.testing.SelfSigned;
import io.portagent.testing.TestFiles;
import io.portagent.testing.WsClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The model provider over HTTPS, as most operators run it: a fake Anthropic that speaks TLS only,
 * with a self-signed certificate for 127.0.0.1, and the service as {@code java -jar}. With the
 * certificate in a trust store given the documented way ({@code JAVA_TOOL_OPTIONS}), answers
 * stream over TLS; without it, the turn ends with an error naming TLS, and the service goes on.
 */
class ProviderTlsIT {

    private static final Duration START = Duration.ofSeconds(90);
    private static Path work;
    private static SelfSigned certificate;
    private static FakeAnthropic provider;

    @BeforeAll
    static void startTheProvider() throws IOException {
        work = Files.createDirectories(Path.of("target", "provider-tls-" + ProcessHandle.current().pid()))
                .toAbsolutePath(); // the service runs in its own folder: its --data-dir must not be relative
        certificate = SelfSigned.create(work.resolve("tls"));
        provider = FakeAnthropic.startWithTls(certificate.serverContext());
    }

    @AfterAll
    static void stopTheProvider() {
        provider.close();
        TestFiles.deleteTree(work);
    }

    private static LauncherProcess start(String name, boolean trusted) {
        Path dir = work.resolve(name);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Map<String, String> env = new HashMap<>(Map.of("LLM_PROVIDER_KEY", "sk-ant-api03-provider-tls",
                "LLM_PROVIDER_URL", provider.baseUri().toString(), "PROVIDER_CHECK_INTERVAL", "0"));
        if (trusted) {
            env.put("JAVA_TOOL_OPTIONS", certificate.javaToolOptions());
        }
        return LauncherProcess.start(dir, env, "--port", "0", "--data-dir", dir.resolve("agentx").toString());
    }

    @Test
    void answersStreamOverTlsWithTheCertificateTrusted() {
        assertTrue(provider.baseUri().toString().startsWith("https://127.0.0.1:"), provider.baseUri()::toString);
        try (LauncherProcess service = start("trusted", true)) {
            URI base = service.awaitListening(START);
            RoundTrip.Session alice = RoundTrip.registerAndLogIn(base);
            int before = provider.requests().size();
            try (WsClient ws = WsClient.connect(base, alice.token())) {
                String imageId = RoundTrip.openConversation(ws, "over TLS");
                RoundTrip.chat(ws, provider, imageId, "Are we encrypted?", "Yes, ", "end to ", "end.");
                RoundTrip.chat(ws, provider, imageId, "Still?", "Still ", "so.");
            }
            assertEquals(before + 2, provider.requests().size(), "both turns reached the provider");
            assertEquals("sk-ant-api03-provider-tls", provider.lastRequest().header("x-api-key"));
        }
    }

    @Test
    void anUntrustedCertificateEndsTheTurnWithATlsError() {
        try (LauncherProcess service = start("untrusted", false)) {
            URI base = service.awaitListening(START);
            RoundTrip.Session bob = RoundTrip.registerAndLogIn(base);
            int before = provider.requests().size();
            try (WsClient ws = WsClient.connect(base, bob.token())) {
                String imageId = RoundTrip.openConversation(ws, "untrusted");
                JsonObject sent = ws.request("message_send", Json.createObjectBuilder().add("imageId", imageId)
                        .add("content", "Hello?"));
                assertEquals("message_send_response", sent.getString("type"), sent::toString);
                JsonObject error = ws.awaitEvent("error").getJsonObject("data");
                assertEquals("connection_refused", error.getString("code"), error::toString);
                assertTrue(error.getString("message").contains("(TLS: "), error::toString);
                JsonObject end = ws.awaitEvent("conversation_end");
                assertEquals("error", end.getJsonObject("data").getString("reason"), end::toString);
            }
            assertEquals(before, provider.requests().size(), "no request was sent without a trusted connection");
            assertTrue(service.stdout().contains("TLS"), "the log names the cause");
        }
    }
}
