package io.portagent.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.testing.PortagentApp;
import io.portagent.testing.Script;
import io.portagent.testing.TestUsers.User;
import io.portagent.testing.WsClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A user's other sockets hear of conversations created, renamed and deleted in one of them, at
 * once; the acting socket gets only its response, and another user's sockets get nothing. A turn
 * running, and its end, reach every socket of its user, subscribed or not, and no one else's.
 */
class LiveSyncIT {

    @RegisterExtension
    static final PortagentApp app = PortagentApp.withDefaults();

    private static List<String> notices(WsClient ws) {
        return ws.frames().stream().filter(f -> !f.containsKey("id") && !f.containsKey("seq"))
                .map(f -> f.getString("type")).toList();
    }

    @Test
    void aUsersOtherTabsFollowTheListAndNobodyElseHearsOfIt() {
        User alice = app.newUser();
        User bob = app.newUser();
        try (WsClient tab1 = app.connect(alice); WsClient tab2 = app.connect(alice); WsClient other = app.connect(bob)) {
            JsonObject image = tab1.request("image_create", Json.createObjectBuilder().add("name", "Shared"))
                    .getJsonObject("data").getJsonObject("image");
            String imageId = image.getString("imageId");
            JsonObject created = tab2.await(f -> "image_created".equals(f.getString("type")), "image_created");
            assertEquals(image, created.getJsonObject("data").getJsonObject("image"));

            tab1.request("image_update", Json.createObjectBuilder().add("imageId", imageId).add("name", "Renamed"));
            JsonObject updated = tab2.await(f -> "image_updated".equals(f.getString("type")), "image_updated");
            assertEquals("Renamed", updated.getJsonObject("data").getJsonObject("image").getString("name"));

            tab2.request("image_delete", Json.createObjectBuilder().add("imageId", imageId));
            JsonObject deleted = tab1.await(f -> "image_deleted".equals(f.getString("type")), "image_deleted");
            assertEquals(imageId, deleted.getJsonObject("data").getString("imageId"));

            // a request answered after all of that: anything meant for bob would have arrived before it
            other.request("image_list", Json.createObjectBuilder());
            tab1.request("image_list", Json.createObjectBuilder());
            tab2.request("image_list", Json.createObjectBuilder());
            assertEquals(List.of(), notices(other), "another user hears nothing");
            assertEquals(List.of("image_deleted"), notices(tab1), "the acting tab gets its responses, not notices");
            assertEquals(List.of("image_created", "image_updated"), notices(tab2));
            assertTrue(other.frames().stream().noneMatch(f -> f.toString().contains(imageId)));
        }
    }

    @Test
    void aRunningTurnShowsInEveryTabOfItsUserAndNowhereElse() {
        User carol = app.newUser();
        User dave = app.newUser();
        try (WsClient sender = app.connect(carol); WsClient listOnly = app.connect(carol);
                WsClient other = app.connect(dave)) {
            String imageId = sender.request("image_create", Json.createObjectBuilder().add("name", "Busy"))
                    .getJsonObject("data").getJsonObject("image").getString("imageId");
            app.model().enqueue(Script.text("Done."));
            sender.request("message_send", Json.createObjectBuilder().add("imageId", imageId).add("content", "Go"));
            for (WsClient tab : List.of(sender, listOnly)) {
                JsonObject running = tab.await(f -> "image_running".equals(f.getString("type"))
                        && f.getJsonObject("data").getBoolean("running"), "image_running true");
                assertEquals(imageId, running.getJsonObject("data").getString("imageId"));
                tab.await(f -> "image_running".equals(f.getString("type"))
                        && !f.getJsonObject("data").getBoolean("running"), "image_running false");
            }
            other.request("image_list", Json.createObjectBuilder());
            assertEquals(List.of(), notices(other), "another user hears nothing");
            assertTrue(other.frames().stream().noneMatch(f -> f.toString().contains(imageId)));
        }
    }
}
