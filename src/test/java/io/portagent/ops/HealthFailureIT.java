package io.portagent.ops;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.testing.Http;
import io.portagent.testing.PortagentApp;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** /health turns 503, with the reason (for anyone), and portagent_db_up 0, when a database file disappears under the running service. */
class HealthFailureIT {

    @RegisterExtension
    static final PortagentApp app = PortagentApp.withDefaults();

    @Test
    void aDatabaseFileThatDisappearsTurnsHealthTo503WithTheReason() throws Exception {
        assertEquals(200, Http.get(app.uri("health")).status());
        Path db = app.dataDir().resolve("data/agentx.db");
        Files.delete(db);
        Http.Reply reply = Http.get(app.uri("health"));
        assertEquals(503, reply.status());
        JsonObject json = reply.json();
        assertEquals("error", json.getString("status"));
        assertTrue(json.getString("reason").contains("agentx.db is missing: " + db), json.toString());
        assertTrue(json.containsKey("timestamp"));

        Http.Reply remote = Http.send(java.net.http.HttpRequest.newBuilder(app.uri("health"))
                .header("X-Forwarded-For", "203.0.113.7").GET());
        assertEquals(503, remote.status(), "a client that is not loopback (a trusted proxy names it) sees the cause too");
        assertEquals(java.util.Set.of("status", "timestamp", "reason"), remote.json().keySet());
        assertTrue(remote.json().getString("reason").contains("agentx.db is missing"), remote.body());
        Http.Reply scrape = Http.get(app.uri("metrics"));
        assertTrue(scrape.body().contains("portagent_db_up{database=\"agentx.db\"} 0.0"), scrape.body());
    }
}
