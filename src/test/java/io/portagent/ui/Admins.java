package io.portagent.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.portagent.auth.InviteCodes;
import io.portagent.testing.LauncherProcess;
import io.portagent.testing.PortagentApp;
import io.portagent.testing.TestFiles;
import io.portagent.testing.TestUsers;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.ZoneId;
import java.util.Map;

/**
 * The first admin, made the way an operator makes one: an account registered through the API
 * (with today's code, so this works in invite mode too), then {@code java -jar portagent.war
 * users promote NAME} on the running application's data directory. Signs in with
 * {@link StudioPage#PASSWORD}.
 */
final class Admins {

    private static final Duration COMMAND = Duration.ofSeconds(60);

    private Admins() {
    }

    /** A new admin's username. */
    static String promoted(PortagentApp app) {
        String username = TestUsers.register(app.baseUri(),
                new InviteCodes(Clock.systemUTC(), ZoneId.systemDefault()).today()).username();
        Path work = TestFiles.tempDir("portagent-admin-cli");
        try (LauncherProcess promote = LauncherProcess.start(work, Map.of(), "users", "promote", username,
                "--data-dir", app.dataDir().toString())) {
            assertEquals(0, promote.awaitExit(COMMAND), promote.stdout() + promote.stderr());
        } finally {
            TestFiles.deleteTree(work);
        }
        return username;
    }
}
