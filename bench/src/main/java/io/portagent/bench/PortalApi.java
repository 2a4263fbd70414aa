package io.portagent.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The portal's HTTP API as the bench uses it: register, log in, import a conversation, read /health. */
final class PortalApi {

    static final String PASSWORD = "bench-password";
    private static final Pattern NUMBER = Pattern.compile("\"%s\":(-?\\d+)");

    private final URI base;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    PortalApi(URI base) {
        this.base = base;
    }

    /** Registers {@code username}; its token. */
    String register(String username) {
        return token(post("api/auth/register",
                "{\"username\":\"" + username + "\",\"password\":\"" + PASSWORD + "\"}", 201));
    }

    /** Logs {@code username} in; its token. */
    String login(String username) {
        return token(post("api/auth/login",
                "{\"usernameOrEmail\":\"" + username + "\",\"password\":\"" + PASSWORD + "\"}", 200));
    }

    /** A numeric gauge of {@code GET /health}, or -1 if the answer has none. */
    long health(String gauge) {
        String body = send(HttpRequest.newBuilder(base.resolve("health")).GET(), 200);
        Matcher matcher = Pattern.compile(String.format(NUMBER.pattern(), gauge)).matcher(body);
        return matcher.find() ? Long.parseLong(matcher.group(1)) : -1;
    }

    /** Imports a conversation export ({@code POST /api/conversations/import}) as {@code token}'s; its imageId. */
    String importConversation(String token, String export) {
        String body = send(HttpRequest.newBuilder(base.resolve("api/conversations/import"))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.ofString(export)), 201);
        String imageId = PortalUser.field(body, "imageId");
        if (imageId == null) {
            throw new IllegalStateException("no imageId in the import's answer " + body);
        }
        return imageId;
    }

    /** Whether {@code GET /health} answers 200 now (false while the server is not listening yet). */
    boolean healthy() {
        try {
            return client.send(HttpRequest.newBuilder(base.resolve("health")).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private String post(String path, String json, int expected) {
        return send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)), expected);
    }

    private String send(HttpRequest.Builder request, int expected) {
        try {
            HttpResponse<String> response = client.send(request.timeout(Duration.ofSeconds(60)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expected) {
                throw new IllegalStateException(request.build().uri().getPath() + " answered "
                        + response.statusCode() + ": " + response.body());
            }
            return response.body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String token(String body) {
        String token = PortalUser.field(body, "token");
        if (token == null) {
            throw new IllegalStateException("no token in " + body);
        }
        return token;
    }
}
