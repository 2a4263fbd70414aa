package io.portagent.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.testing.Http;
import io.portagent.testing.LauncherProcess;
import io.portagent.testing.WsClient;
import jakarta.json.JsonObject;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar portagent.war users ...} as a separate process on the service's data
 * directory, with the service running (it sees each change within seconds, without a restart)
 * and stopped; exit codes 0 done, 1 refused, 2 a bad command line.
 */
class UsersCommandIT {

    private static final Duration START = Duration.ofSeconds(90);
    private static final Duration QUICK = Duration.ofSeconds(60);
    private static final String KEY = "sk-ant-api03-users-command-test-key";
    private static final Pattern TEMPORARY = Pattern.compile("must be changed at (?:first|next) sign-in[^:]*: (\\S+)");

    @TempDir
    Path work;

    private LauncherProcess service(Path dir) {
        return LauncherProcess.start(work, Map.of("LLM_PROVIDER_KEY", KEY), "--port", "0", "--data-dir",
                dir.toString());
    }

    private LauncherProcess users(Path dir, String... args) {
        String[] all = new String[args.length + 3];
        all[0] = "users";
        System.arraycopy(args, 0, all, 1, args.length);
        all[args.length + 1] = "--data-dir";
        all[args.length + 2] = dir.toString();
        return LauncherProcess.start(work, Map.of(), all);
    }

    /** Runs the command to its end; its exit code, and its output for the assertions. */
    private String[] run(Path dir, String... args) {
        try (LauncherProcess command = users(dir, args)) {
            int code = command.awaitExit(QUICK);
            return new String[] {String.valueOf(code), command.stdout(), command.stderr()};
        }
    }

    private static Http.Reply post(URI base, String path, String json) {
        return Http.send(HttpRequest.newBuilder(base.resolve(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private static JsonObject login(URI base, String username, String password) {
        Http.Reply reply = post(base, "/api/auth/login", "{\"usernameOrEmail\":\"" + username + "\",\"password\":\""
                + password + "\"}");
        assertEquals(200, reply.status(), reply.body());
        return reply.json();
    }

    private static int verify(URI base, String token) {
        return Http.send(HttpRequest.newBuilder(base.resolve("/api/auth/verify"))
                .header("Authorization", "Bearer " + token).GET()).status();
    }

    @Test
    void withTheServiceRunningPromoteAndDisableTakeEffectWithinSeconds() {
        Path dir = work.resolve("pa");
        try (LauncherProcess service = service(dir)) {
            URI base = service.awaitListening(START);
            assertTrue(service.stdout().contains("No admin account yet"), "the banner says how to make an admin");
            String token = post(base, "/api/auth/register", "{\"username\":\"alice\",\"password\":\"secret123\"}")
                    .json().getString("token");

            String[] promoted = run(dir, "promote", "alice");
            assertEquals("0", promoted[0], promoted[2]);
            assertEquals(401, verify(base, token), "a role change signs out");
            JsonObject admin = login(base, "alice", "secret123");
            assertTrue(admin.getJsonArray("roles").toString().contains("\"admin\""), admin.toString());

            try (WsClient socket = WsClient.connect(base.resolve("/"), admin.getString("token"))) {
                String[] disabled = run(dir, "disable", "bob_unknown");
                assertEquals("1", disabled[0]);
                assertTrue(disabled[2].startsWith("Error: No user 'bob_unknown'"), disabled[2]);
                post(base, "/api/auth/register", "{\"username\":\"bob\",\"password\":\"secret123\"}");
                assertEquals("0", run(dir, "promote", "bob")[0]);
                String[] off = run(dir, "disable", "alice");
                assertEquals("0", off[0], off[2]);
                assertEquals(4401, socket.awaitClose(Duration.ofSeconds(15)));
            }
            assertEquals(401, post(base, "/api/auth/login", "{\"usernameOrEmail\":\"alice\",\"password\":"
                    + "\"secret123\"}").status());
        }
    }

    @Test
    void withTheServiceStoppedAccountsAreMadeResetAndKeptFromLosingTheirLastAdmin() throws Exception {
        Path dir = work.resolve("pa");
        try (LauncherProcess service = service(dir)) {
            URI base = service.awaitListening(START);
            post(base, "/api/auth/register", "{\"username\":\"bob\",\"password\":\"secret123\"}");
            assertEquals(143, service.terminate(QUICK));
        }
        String[] created = run(dir, "create", "carol", "--admin");
        assertEquals("0", created[0], created[2]);
        assertTrue(created[1].startsWith("Created 'carol' (user, admin)."), created[1]);
        String[] list = run(dir, "list");
        assertTrue(list[1].lines().anyMatch(l -> l.startsWith("carol ") && l.contains("user,admin")), list[1]);
        String[] lastAdmin = run(dir, "delete", "carol");
        assertEquals("1", lastAdmin[0]);
        assertEquals("Error: The last admin cannot be deleted", lastAdmin[2].strip());
        Matcher reset = TEMPORARY.matcher(run(dir, "reset-password", "bob")[1]);
        assertTrue(reset.find());
        assertTrue(Files.readString(dir.resolve("logs/audit.log")).contains("\"action\":\"user_created\""));

        try (LauncherProcess service = service(dir)) {
            URI base = service.awaitListening(START);
            assertTrue(login(base, "bob", reset.group(1)).getBoolean("mustChangePassword"));
        }
    }

    @Test
    void aBadCommandLineIsAUsageError() {
        String[] unknown = run(work, "frobnicate");
        assertEquals("2", unknown[0]);
        assertTrue(unknown[2].startsWith("Error: Unknown users action 'frobnicate'"), unknown[2]);
        String[] nameless = run(work, "promote");
        assertEquals("2", nameless[0]);
    }
}
