package io.portagent.testing;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The official OpenAI client for Node.js from the npm registry (installed into
 * src/test/openai-client by the build's openai-client profile, with the machine's Node.js), driven
 * by that folder's {@code chat.mjs}: one call, its outcome as one JSON line.
 */
public final class OpenAiNodeClient {

    public static final Path DIR = Path.of(System.getProperty("portagent.openai.client", "src/test/openai-client"))
            .toAbsolutePath();

    private OpenAiNodeClient() {
    }

    /**
     * Runs {@code mode} ({@code models}, {@code complete} or {@code stream}) against {@code baseUrl}
     * (ending in {@code /v1}) with {@code apiKey}; what the client returned, or {@code {"error":{...}}}.
     */
    public static JsonObject run(URI baseUrl, String apiKey, String model, String mode) {
        if (!Files.isDirectory(DIR.resolve("node_modules/openai"))) {
            throw new AssertionError("The OpenAI Node client is not installed: run `npm ci` in " + DIR
                    + " (the Maven build does it when node_modules is missing)");
        }
        try {
            Process node = new ProcessBuilder("node", DIR.resolve("chat.mjs").toString(), baseUrl.toString(), apiKey,
                    model, mode).directory(DIR.toFile()).redirectErrorStream(true).start();
            if (!node.waitFor(60, TimeUnit.SECONDS)) {
                node.destroyForcibly();
                throw new AssertionError("the OpenAI client did not finish in 60 s");
            }
            String out = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (node.exitValue() != 0) {
                throw new AssertionError("the OpenAI client failed: " + out);
            }
            return Json.createReader(new StringReader(out.substring(out.lastIndexOf('\n') + 1))).readObject();
        } catch (IOException e) {
            throw new AssertionError("node is needed for the OpenAI client: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
