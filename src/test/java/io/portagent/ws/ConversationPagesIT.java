package io.portagent.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.testing.PortagentApp;
import io.portagent.testing.TestUsers.User;
import io.portagent.testing.WsClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The conversation list in pages: with {@code limit}, each page comes with the cursor of the next,
 * the pages together are the whole list in its order, a cursor never reaches another user's
 * conversations, and a bad limit or cursor is refused by name. Without {@code limit}, the whole
 * list as before.
 */
class ConversationPagesIT {

    @RegisterExtension
    static final PortagentApp app = PortagentApp.withDefaults();

    @Test
    void pagesFollowEachOtherToTheWholeListInItsOrder() {
        User alice = app.newUser();
        User bob = app.newUser();
        try (WsClient ws = app.connect(alice); WsClient other = app.connect(bob)) {
            for (int i = 0; i < 23; i++) {
                ws.request("image_create", Json.createObjectBuilder().add("name", "alice " + i));
            }
            other.request("image_create", Json.createObjectBuilder().add("name", "bob's"));
            List<String> whole = ids(ws.request("image_list", Json.createObjectBuilder()).getJsonObject("data"));
            assertEquals(23, whole.size());

            List<String> paged = new ArrayList<>();
            String cursor = null;
            int pages = 0;
            do {
                JsonObjectBuilder request = Json.createObjectBuilder().add("limit", 5);
                if (cursor != null) {
                    request.add("cursor", cursor);
                }
                JsonObject data = ws.request("image_list", request).getJsonObject("data");
                List<String> page = ids(data);
                assertTrue(page.size() <= 5);
                paged.addAll(page);
                cursor = data.isNull("nextCursor") ? null : data.getString("nextCursor");
                pages++;
            } while (cursor != null);
            assertEquals(whole, paged);
            assertEquals(5, pages);

            JsonObject exact = ws.request("image_list", Json.createObjectBuilder().add("limit", 23)).getJsonObject("data");
            assertEquals(whole, ids(exact));
            assertTrue(exact.isNull("nextCursor"), "no cursor when nothing is left");

            // alice's cursor read by bob pages through bob's own list only
            String aliceCursor = ws.request("image_list", Json.createObjectBuilder().add("limit", 1))
                    .getJsonObject("data").getString("nextCursor");
            JsonObject bobs = other.request("image_list", Json.createObjectBuilder().add("limit", 50)
                    .add("cursor", aliceCursor)).getJsonObject("data");
            assertTrue(ids(bobs).stream().noneMatch(whole::contains), bobs.toString());
        }
    }

    @Test
    void aBadLimitOrCursorIsRefusedByName() {
        User alice = app.newUser();
        try (WsClient ws = app.connect(alice)) {
            for (JsonObjectBuilder bad : List.of(Json.createObjectBuilder().add("limit", 0),
                    Json.createObjectBuilder().add("limit", 1001), Json.createObjectBuilder().add("limit", 2.5),
                    Json.createObjectBuilder().add("limit", "10"),
                    Json.createObjectBuilder().add("limit", 10).add("cursor", "not-a-cursor"),
                    Json.createObjectBuilder().add("cursor", "djE6MTox"))) {
                JsonObject answer = ws.request("image_list", bad);
                assertEquals("image_list_response", answer.getString("type"), answer.toString());
                assertEquals("invalid_request", answer.getJsonObject("error").getString("code"), answer.toString());
            }
            JsonObject empty = ws.request("image_list", Json.createObjectBuilder().add("limit", 10)).getJsonObject("data");
            assertEquals(List.of(), ids(empty));
            assertTrue(empty.isNull("nextCursor"));
        }
    }

    private static List<String> ids(JsonObject data) {
        return data.getJsonArray("images").getValuesAs(JsonObject.class).stream().map(i -> i.getString("imageId"))
                .toList();
    }
}
