package io.portagent.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.portagent.testing.AppServer;
import io.portagent.testing.PortagentApp;
import io.portagent.testing.Script;
import io.portagent.testing.TestUsers.User;
import io.portagent.testing.WsClient;
import jakarta.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Deployed at /portagent (as behind nginx's location /portagent/), the socket lives at /portagent/ws and works. */
class WebSocketSubPathIT {

    @RegisterExtension
    static final PortagentApp app = PortagentApp.with(AppServer.builder().contextPath("/portagent"))
            .defaultAnswer(Script.text("under ", "a sub-path"));

    @Test
    void aChatRoundTripWorksUnderAContextPath() {
        User user = app.newUser();
        assertEquals("/portagent/ws", WsClient.wsUri(app.baseUri(), null).getPath());
        try (WsClient ws = app.connect(user)) {
            String imageId = ws.request("image_create", Json.createObjectBuilder()).getJsonObject("data")
                    .getJsonObject("image").getString("imageId");
            ws.request("subscribe", Json.createObjectBuilder().add("imageId", imageId));
            ws.request("message_send", Json.createObjectBuilder().add("imageId", imageId).add("content", "hi"));
            assertEquals("end_turn", ws.awaitEvent("conversation_end").getJsonObject("data").getString("reason"));
        }
    }
}
