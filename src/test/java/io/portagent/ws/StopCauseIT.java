package io.portagent.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.portagent.testing.PortagentApp;
import io.portagent.testing.Script;
import io.portagent.testing.TestUsers.User;
import io.portagent.testing.WsClient;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * An interrupted turn keeps why it stopped: the user's stop and a redeploy's shutdown are told
 * apart in the live {@code interrupted} event and, after a reload, in the history's turns.
 */
class StopCauseIT {

    @RegisterExtension
    static final PortagentApp app = PortagentApp.withDefaults();

    private static JsonObjectBuilder image(String imageId) {
        return Json.createObjectBuilder().add("imageId", imageId);
    }

    /** A long answer, streamed slowly: still running when the test stops it. */
    private static void slowAnswer() {
        String[] words = new String[400];
        Arrays.setAll(words, i -> "w" + i + " ");
        app.model().enqueue(Script.text(words).deltaDelay(Duration.ofMillis(25)));
    }

    private static String startSlowTurn(WsClient ws) {
        String imageId = ws.request("image_create", Json.createObjectBuilder().add("name", "Stops"))
                .getJsonObject("data").getJsonObject("image").getString("imageId");
        ws.request("subscribe", image(imageId));
        slowAnswer();
        ws.request("message_send", image(imageId).add("content", "Talk for a while"));
        ws.awaitEvent("text_delta");
        return imageId;
    }

    private static JsonObject lastTurn(WsClient ws, String imageId) {
        JsonArray turns = ws.request("image_messages", image(imageId)).getJsonObject("data").getJsonArray("turns");
        return turns.getJsonObject(turns.size() - 1);
    }

    @Test
    void aStopByTheUserIsStoredAsSuch() {
        User user = app.newUser();
        try (WsClient ws = app.connect(user)) {
            String imageId = startSlowTurn(ws);
            ws.request("agent_interrupt", image(imageId));
            assertEquals("user", ws.awaitEvent("interrupted").getJsonObject("data").getString("cause"));
            ws.awaitEvent("conversation_end");
            JsonObject turn = lastTurn(ws, imageId);
            assertEquals("interrupted", turn.getString("status"));
            assertEquals("user", turn.getString("stopCause"));
        }
    }

    /** Before the cause was stored, a turn cut by a shutdown read "Stopped by the user" after a reload. */
    @Test
    void aStopByARedeployIsStoredAsAShutdown() {
        User user = app.newUser();
        String imageId;
        try (WsClient ws = app.connect(user)) {
            imageId = startSlowTurn(ws);
        }
        app.redeploy();
        try (WsClient ws = app.connect(user)) {
            JsonObject turn = lastTurn(ws, imageId);
            assertEquals("interrupted", turn.getString("status"));
            assertEquals("shutdown", turn.getString("stopCause"));
            assertFalse(ws.request("image_messages", image(imageId)).getJsonObject("data").getJsonArray("messages")
                    .getJsonObject(1).getString("content").isEmpty(), "the partial answer is kept");
        }
    }
}
