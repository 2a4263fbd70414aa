package io.portagent.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.testing.AppServer;
import io.portagent.testing.FakeAnthropic;
import io.portagent.testing.Script;
import io.portagent.testing.TestUsers;
import io.portagent.testing.TestUsers.User;
import io.portagent.testing.WsClient;
import jakarta.json.Json;
import org.junit.jupiter.api.Test;

/** Deployed at /portagent (as behind nginx's location /portagent/), the socket lives at /portagent/ws and works. */
class WebSocketSubPathIT {

    @Test
    void aChatRoundTripWorksUnderAContextPath() {
        try (FakeAnthropic fake = FakeAnthropic.start();
             AppServer app = AppServer.builder().contextPath("/portagent")
                     .set("LLM_PROVIDER_URL", fake.baseUri().toString()).start()) {
            assertTrue(app.started(), () -> app.startupError().orElse(""));
            User user = TestUsers.register(app);
            assertEquals("/portagent/ws", WsClient.wsUri(app.baseUri(), null).getPath());
            try (WsClient ws = WsClient.connect(app.baseUri(), user.token())) {
                String imageId = ws.request("image_create", Json.createObjectBuilder()).getJsonObject("data")
                        .getJsonObject("image").getString("imageId");
                ws.request("subscribe", Json.createObjectBuilder().add("imageId", imageId));
                fake.enqueue(Script.text("under ", "a sub-path"));
                ws.request("message_send", Json.createObjectBuilder().add("imageId", imageId).add("content", "hi"));
                assertEquals("end_turn", ws.awaitEvent("conversation_end").getJsonObject("data").getString("reason"));
            }
        }
    }
}
