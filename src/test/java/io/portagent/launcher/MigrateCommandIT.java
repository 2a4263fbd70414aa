package io.portagent.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.testing.Await;
import io.portagent.testing.FakeAnthropic;
import io.portagent.testing.Http;
import io.portagent.testing.LauncherProcess;
import io.portagent.testing.PostgresServer;
import io.portagent.testing.Script;
import io.portagent.testing.Sqlite3;
import io.portagent.testing.TestUsers;
import io.portagent.testing.TestUsers.User;
import io.portagent.testing.WsClient;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code java -jar portagent.war migrate --to postgresql://...} on a real SQLite installation
 * (two users, conversations with answered turns, made by the service itself) into a real
 * PostgreSQL: the service then runs on PostgreSQL from a new data directory and the users find
 * their accounts and conversations; the SQLite files are not touched; a target holding rows is
 * refused without {@code --force}; a running service and a wrong password are refused in one line.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MigrateCommandIT {

    private static final Duration START = Duration.ofSeconds(90);
    private static final Duration QUICK = Duration.ofSeconds(90);
    private static final Pattern COUNT = Pattern.compile("(?m)^(portagent\\.db|agentx\\.db)\\s+(\\w+)\\s+(\\d+)\\s+(\\d+)");

    @TempDir
    static Path work;

    private FakeAnthropic fake;
    private Path installation;
    private User alice;
    private User bob;
    private String aliceImage;
    private List<String> aliceMessages;
    private String[] whileRunning;

    @BeforeAll
    void anInstallationOnSqliteWithTwoUsersAndTheirConversations() {
        fake = FakeAnthropic.start();
        installation = work.resolve("sqlite-install");
        try (LauncherProcess service = service(installation)) {
            URI base = service.awaitListening(START);
            alice = TestUsers.register(base);
            bob = TestUsers.register(base);
            aliceImage = converse(base, alice, "Before the move", "What is 2+2?", "It is ", "four.");
            converse(base, alice, "Second thread", "And 3+3?", "Six.");
            converse(base, bob, "Bob's", "Hello?", "Hello, ", "Bob.");
            aliceMessages = contents(base, alice, aliceImage);
            whileRunning = migrate(installation, PostgresServer.shared().newDatabase());
            assertEquals(143, service.terminate(QUICK));
        }
        try (LauncherProcess disable = LauncherProcess.start(work, Map.of(), "users", "disable", bob.username(),
                "--data-dir", installation.toString())) {
            assertEquals(0, disable.awaitExit(QUICK), disable.stderr());
        }
    }

    @AfterAll
    void stopTheFakeModel() {
        fake.close();
    }

    private LauncherProcess service(Path dataDir, String... more) {
        return service(Map.of(), dataDir, more);
    }

    private LauncherProcess service(Map<String, String> extraEnv, Path dataDir, String... more) {
        String[] args = Stream.concat(Stream.of("--port", "0", "--data-dir", dataDir.toString()), Stream.of(more))
                .toArray(String[]::new);
        Map<String, String> env = new java.util.HashMap<>(Map.of("LLM_PROVIDER_KEY", "sk-ant-api03-migrate-test",
                "LLM_PROVIDER_URL", fake.baseUri().toString(), "ENABLE_PROMPTX", "false"));
        env.putAll(extraEnv);
        return LauncherProcess.start(work, env, args);
    }

    /** Runs {@code migrate} to its end: exit code, stdout, stderr. */
    private String[] migrate(Path dataDir, String url, String... more) {
        String[] args = Stream.concat(Stream.of("migrate", "--to", url, "--data-dir", dataDir.toString()),
                Stream.of(more)).toArray(String[]::new);
        try (LauncherProcess command = LauncherProcess.start(work, Map.of(), args)) {
            int code = command.awaitExit(QUICK);
            return new String[] {String.valueOf(code), command.stdout(), command.stderr()};
        }
    }

    /** A new conversation of {@code user} with one answered question; its image id. */
    private String converse(URI base, User user, String name, String question, String... answer) {
        try (WsClient ws = WsClient.connect(base, user.token())) {
            String imageId = ws.request("image_create", Json.createObjectBuilder().add("name", name))
                    .getJsonObject("data").getJsonObject("image").getString("imageId");
            ws.request("subscribe", Json.createObjectBuilder().add("imageId", imageId));
            int before = ws.events().size();
            fake.enqueue(Script.text(answer));
            JsonObject sent = ws.request("message_send", Json.createObjectBuilder().add("imageId", imageId)
                    .add("content", question));
            assertFalse(sent.containsKey("error"), sent.toString());
            ws.await(f -> "conversation_end".equals(f.getString("type")) && ws.events().indexOf(f) >= before,
                    "the end of '" + question + "'");
            String expected = String.join("", answer);
            Await.until("the answer stored", WsClient.WAIT, () -> messages(ws, imageId),
                    m -> m.stream().anyMatch(v -> expected.equals(v.asJsonObject().getString("content", null))));
            return imageId;
        }
    }

    private static JsonArray messages(WsClient ws, String imageId) {
        return ws.request("image_messages", Json.createObjectBuilder().add("imageId", imageId)).getJsonObject("data")
                .getJsonArray("messages");
    }

    private static List<String> contents(URI base, User user, String imageId) {
        try (WsClient ws = WsClient.connect(base, user.token())) {
            return messages(ws, imageId).stream().map(v -> v.asJsonObject().getString("subtype") + ": "
                    + v.asJsonObject().getString("content")).toList();
        }
    }

    private static String login(URI base, User user) {
        Http.Reply reply = Http.send(HttpRequest.newBuilder(base.resolve("api/auth/login"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(
                        "{\"usernameOrEmail\":\"" + user.username() + "\",\"password\":\"secret-pass\"}")));
        assertEquals(200, reply.status(), reply.body());
        return reply.json().getString("token");
    }

    /** Each table's line of the report: "database table" → {SQLite, PostgreSQL}. */
    private static Map<String, long[]> counts(String stdout) {
        Map<String, long[]> counts = new java.util.HashMap<>();
        Matcher line = COUNT.matcher(stdout);
        while (line.find()) {
            counts.put(line.group(1) + " " + line.group(2), new long[] {Long.parseLong(line.group(3)),
                    Long.parseLong(line.group(4))});
        }
        return counts;
    }

    private static Map<String, String> digests(Path data) throws IOException {
        Map<String, String> digests = new java.util.TreeMap<>();
        try (Stream<Path> files = Files.list(data)) {
            for (Path file : files.filter(f -> f.getFileName().toString().contains(".db")).toList()) {
                digests.put(file.getFileName().toString(), sha256(file));
            }
        }
        return digests;
    }

    private static String sha256(Path file) throws IOException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    @Test
    void theMovedInstallationRunsOnPostgresqlWithItsAccountsConversationsAndMessages() throws IOException {
        String url = PostgresServer.shared().newDatabase();
        Map<String, String> before = digests(installation.resolve("data"));
        String[] moved = migrate(installation, url);
        assertEquals("0", moved[0], moved[1] + moved[2]);
        System.out.println(moved[1]); // what the operator reads, for the record
        assertEquals(before, digests(installation.resolve("data")), "the SQLite files are only read");

        Map<String, long[]> counts = counts(moved[1]);
        assertEquals(2, counts.get("portagent.db users")[0], moved[1]);
        assertEquals(3, counts.get("agentx.db images")[0], moved[1]);
        assertEquals(6, counts.get("agentx.db messages")[0], moved[1]);
        assertTrue(counts.size() >= 20, "every table is reported:\n" + moved[1]);
        counts.forEach((table, n) -> assertEquals(n[0], n[1], table + " copied whole"));
        assertTrue(moved[1].contains("every count matches"), moved[1]);
        assertTrue(moved[1].contains("Set DATABASE_URL") && moved[1].contains("NFS"), "it says what to do next");
        assertFalse((moved[1] + moved[2]).contains(PostgresServer.PASSWORD), "no password in the output");

        assertEquals(Sqlite3.run(installation.resolve("data/portagent.db"), "SELECT userId || '|' || tokensValidAfter"
                + " FROM user_state ORDER BY userId;"), query(url, "SELECT userId || '|' || tokensValidAfter FROM"
                + " user_state ORDER BY userId"), "the copy fires no trigger: bob's disable cutoff is the one he had");

        Path node = work.resolve("postgres-node");
        copyTree(installation.resolve("containers"), node.resolve("containers"));
        try (LauncherProcess service = service(Map.of(), node, "--database-url", url)) {
            URI base = service.awaitListening(START);
            assertEquals(200, verify(base, alice.token()), "the generated secret moved along: sign-ins survive");
            User signedIn = new User(alice.username(), alice.userId(), alice.containerId(), login(base, alice));
            assertEquals(aliceMessages, contents(base, signedIn, aliceImage), "the old conversation, in order");
            try (WsClient ws = WsClient.connect(base, signedIn.token())) {
                JsonArray images = ws.request("image_list", Json.createObjectBuilder()).getJsonObject("data")
                        .getJsonArray("images");
                assertEquals(2, images.size(), images.toString());
                JsonObject created = ws.request("image_create", Json.createObjectBuilder().add("name", "After"));
                assertFalse(created.containsKey("error"), "new rows continue after the copied ones: " + created);
            }
            assertEquals(401, verify(base, bob.token()), "bob was disabled before the move, and still is");
        }
    }

    private static int verify(URI base, String token) {
        return Http.send(HttpRequest.newBuilder(base.resolve("api/auth/verify"))
                .header("Authorization", "Bearer " + token).GET()).status();
    }

    /** The rows of one text column, one a line, as sqlite3 prints them. */
    private static String query(String url, String sql) {
        try (Connection c = PostgresServer.shared().connect(PostgresServer.databaseOf(url));
             Statement statement = c.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            StringBuilder out = new StringBuilder();
            while (rows.next()) {
                out.append(out.length() == 0 ? "" : "\n").append(rows.getString(1));
            }
            return out.toString();
        } catch (SQLException e) {
            throw new AssertionError(sql + ": " + e.getMessage(), e);
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path path : paths.toList()) {
                Path target = to.resolve(from.relativize(path).toString());
                if (Files.isDirectory(path)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(path, target);
                }
            }
        }
    }

    @Test
    void aTargetThatHoldsRowsIsRefusedUnlessForcedAndForcingReplacesThem() {
        String url = PostgresServer.shared().newDatabase();
        assertEquals("0", migrate(installation, url)[0]);

        String[] again = migrate(installation, url);
        assertEquals("1", again[0], again[1] + again[2]);
        assertEquals(1, again[2].strip().lines().count(), "one line: " + again[2]);
        assertTrue(again[2].contains("already holds ") && again[2].contains(" 2 users,") && again[2].contains("add --force"), again[2]);

        String[] forced = migrate(installation, url, "--force");
        assertEquals("0", forced[0], forced[1] + forced[2]);
        counts(forced[1]).forEach((table, n) -> assertEquals(n[0], n[1], table + " replaced, not added to"));
    }

    @Test
    void whileTheServiceRunsMigrateRefusesAndSaysToStopIt() {
        assertEquals("1", whileRunning[0], whileRunning[1] + whileRunning[2]);
        assertTrue(whileRunning[2].startsWith("Error: The service is running on ")
                && whileRunning[2].contains("Stop it first"), whileRunning[2]);
    }

    @Test
    void aWrongPasswordIsOneLineNamingTheAuthenticationFailureWithoutThePassword() {
        String url = PostgresServer.shared().newDatabase().replace(":" + PostgresServer.PASSWORD + "@",
                ":not-the-Pa55word@");
        String[] refused = migrate(installation, url);
        assertEquals("1", refused[0], refused[1] + refused[2]);
        assertEquals(1, refused[2].strip().lines().count(), "one line: " + refused[2]);
        assertTrue(refused[2].contains("password authentication failed"), refused[2]);
        assertFalse((refused[1] + refused[2]).contains("not-the-Pa55word"), refused[1] + refused[2]);
    }
}
