package io.portagent.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.portagent.testing.PortagentApp;
import io.portagent.testing.TestUsers.User;
import io.portagent.testing.WsClient;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A client that sends frames over {@code WS_MAX_FRAME_CHARS} (1 MB by default) must read a 1009
 * close every time, also when it keeps sending big frames before it has read the close: the
 * server closes while the client is still writing, and the close must not be lost to the
 * connection being torn down under the client.
 *
 * <p>About one round in 150 ended in 1006 until close frames waited for the text frame in flight
 * (docs/reliability.md). It runs with {@code -Preliability}: 150 rounds of 3 MB frames take
 * about a minute.
 */
@EnabledIfSystemProperty(named = "portagent.reliability.full", matches = "true")
class OversizedFrameIT {

    private static final int ROUNDS = Integer.getInteger("portagent.oversized.rounds", 150);

    @RegisterExtension
    static final PortagentApp app = PortagentApp.withDefaults();

    @Test
    void framesOverTheLimitAlwaysEndInA1009CloseNeverWithoutOne() {
        User user = app.newUser();
        String big = "{\"id\":\"big\",\"type\":\"image_list_request\",\"data\":{\"pad\":\"" + "x".repeat(3_000_000)
                + "\"}}";
        Map<Integer, Integer> codes = new TreeMap<>();
        for (int i = 0; i < ROUNDS; i++) {
            WsClient ws = app.connect(user);
            try {
                for (int k = 0; k < i % 4; k++) {
                    ws.sendRaw("{\"id\":\"l" + k + "\",\"type\":\"image_list_request\",\"data\":{}}"); // answers in flight
                }
                for (int k = 0; k < 3 && !ws.isClosed(); k++) {
                    ws.sendRaw(big);
                }
            } catch (RuntimeException closedWhileSending) {
                // the close arrived while the client was still writing: its code is checked below
            }
            codes.merge(ws.awaitClose(WsClient.WAIT), 1, Integer::sum);
            ws.close();
        }
        assertEquals(Map.of(1009, ROUNDS), codes, "close codes seen (-1: an error instead of a close)");
    }
}
