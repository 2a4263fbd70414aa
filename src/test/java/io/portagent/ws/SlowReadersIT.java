package io.portagent.ws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.portagent.testing.AppServer;
import io.portagent.testing.Await;
import io.portagent.testing.Http;
import io.portagent.testing.PortagentApp;
import io.portagent.testing.RawWebSocket;
import io.portagent.testing.RawWebSocket.Ending;
import io.portagent.testing.Script;
import io.portagent.testing.ServerSockets;
import io.portagent.testing.TestUsers.User;
import io.portagent.testing.WsClient;
import jakarta.json.Json;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A hundred sockets subscribed to one streaming conversation that never read: the server must
 * cut every one of them off (4408 when the close frame can still get through, else by closing
 * the TCP connection) within seconds, and let go of their file handles, counted from the
 * kernel's table of the server's sockets rather than from the server's own gauge.
 */
class SlowReadersIT {

    private static final int READERS = 100;
    private static final Duration RELEASE_WITHIN = Duration.ofSeconds(15);

    @RegisterExtension
    static final PortagentApp app = PortagentApp.with(AppServer.builder().set("WS_SEND_QUEUE_CHARS", "65536"));

    private static int connections() {
        return Http.get(app.uri("health")).json().getInt("connections");
    }

    /** Milliseconds from {@code start} (nanoTime) until {@code condition} holds, or -1 if not within the bound. */
    private static long millisUntil(long start, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = start + RELEASE_WITHIN.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return (System.nanoTime() - start) / 1_000_000;
            }
            Thread.sleep(50);
        }
        return -1;
    }

    @Test
    void aHundredReadersThatNeverReadAreCutOffAndTheirSocketsReleasedWithinSeconds() throws Exception {
        User user = app.newUser();
        int port = app.baseUri().getPort();
        try (WsClient writer = app.connect(user)) {
            String imageId = writer.request("image_create", Json.createObjectBuilder()).getJsonObject("data")
                    .getJsonObject("image").getString("imageId");
            Await.until("only the writer connected", WsClient.WAIT, SlowReadersIT::connections, n -> n == 1);
            int baseline = ServerSockets.held(port);
            List<RawWebSocket> readers = new ArrayList<>();
            try {
                for (int i = 0; i < READERS; i++) {
                    RawWebSocket reader = RawWebSocket.open(app.baseUri(), user.token(), 4096);
                    readers.add(reader);
                    reader.sendText("{\"id\":\"s\",\"type\":\"subscribe_request\",\"data\":{\"imageId\":\"" + imageId
                            + "\"}}");
                }
                Await.until("the readers counted", WsClient.WAIT, SlowReadersIT::connections, n -> n == READERS + 1);
                String[] deltas = new String[4000];
                java.util.Arrays.fill(deltas, "x".repeat(2000));
                app.model().enqueue(Script.text(deltas));
                long start = System.nanoTime();
                writer.request("message_send", Json.createObjectBuilder().add("imageId", imageId).add("content", "flood"));

                long droppedMs = millisUntil(start, () -> connections() == 1);
                int heldAtDeadline = ServerSockets.held(port) - baseline;
                long releasedMs = millisUntil(start, () -> ServerSockets.held(port) <= baseline + 2);
                java.util.Map<String, Long> states = ServerSockets.states(port);

                Map<Ending, Integer> endings = new EnumMap<>(Ending.class);
                int got4408 = 0;
                for (RawWebSocket reader : readers) {
                    Ending ending = reader.drain(1_000);
                    endings.merge(ending, 1, Integer::sum);
                    got4408 += reader.closeCode() == 4408 ? 1 : 0;
                }
                System.out.println("slow readers: " + READERS + " dropped by the server in " + droppedMs
                        + " ms (-1: not within " + RELEASE_WITHIN + "), their sockets released in " + releasedMs
                        + " ms (" + heldAtDeadline + " still held when the gauge fell; TCP states then " + states
                        + "); endings " + endings
                        + ", 4408 frames " + got4408);
                assertTrue(droppedMs >= 0, "the server dropped them within " + RELEASE_WITHIN);
                assertTrue(releasedMs >= 0, "their sockets were released within " + RELEASE_WITHIN);
                assertEquals(0, endings.getOrDefault(Ending.STILL_OPEN, 0), "readers left open and silent");
            } finally {
                readers.forEach(RawWebSocket::close);
            }
        }
    }
}
