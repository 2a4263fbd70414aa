package io.portagent.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.portagent.testing.Script;
import io.portagent.testing.TestUsers;
import io.portagent.testing.TestUsers.User;
import io.portagent.testing.WsClient;
import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

/**
 * Defect (d) of the suite's issue, kept fixed: the history a client asks for the moment it hears
 * {@code conversation_end} holds that turn's whole answer (the closing write may still be on its
 * way when the event goes out; the history request waits for it).
 */
class HistoryAfterEndIT {

    @Test
    void theHistoryReadOnHearingConversationEndHoldsTheWholeAnswer() {
        int turns = Reliability.count(20, 300);
        int missing = 0;
        int wrongText = 0;
        long worstMs = 0;
        Service service = Service.shared();
        User user = TestUsers.register(service.base());
        try (WsClient ws = WsClient.connect(service.base(), user.token())) {
            String imageId = ws.request("image_create", Json.createObjectBuilder()).getJsonObject("data")
                    .getJsonObject("image").getString("imageId");
            ws.request("subscribe", Json.createObjectBuilder().add("imageId", imageId));
            for (int i = 0; i < turns; i++) {
                String answer = "answer " + i + " in full.";
                service.model.enqueue(Script.text("answer " + i, " in full."));
                ws.request("message_send", Json.createObjectBuilder().add("imageId", imageId)
                        .add("content", "question " + i));
                int ends = i + 1;
                ws.await(f -> ws.events().stream().filter(e -> "conversation_end".equals(e.getString("type")))
                        .count() >= ends, "conversation_end " + ends);
                long start = System.nanoTime();
                JsonArray messages = ws.request("image_messages", Json.createObjectBuilder().add("imageId", imageId))
                        .getJsonObject("data").getJsonArray("messages");
                worstMs = Math.max(worstMs, (System.nanoTime() - start) / 1_000_000);
                JsonObject last = messages.getJsonObject(messages.size() - 1);
                if (messages.size() != 2 * ends || !"assistant".equals(last.getString("subtype"))) {
                    missing++;
                } else if (!answer.equals(last.getString("content"))) {
                    wrongText++;
                }
            }
        }
        new Report("history-after-end").put("turns", turns).put("histories without the turn's answer", missing)
                .put("histories with another text", wrongText).put("slowest history answer ms", worstMs).write();
        assertEquals(0, missing, "histories read on conversation_end that lacked the answer");
        assertEquals(0, wrongText, "answers stored with another text than streamed");
    }
}
