package io.portagent.llm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.nio.DataStreamChannel;
import org.junit.jupiter.api.Test;

/**
 * Proves the request body an exchange sends: every byte once, however little the connection takes
 * per write; again from the first byte after its resources are released (the client repeats a
 * request after a proxy's authentication challenge); nothing once forgotten.
 */
class RequestBodyTest {

    private static final byte[] JSON = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"héllo\"}]}"
            .getBytes(StandardCharsets.UTF_8);

    /** A connection that takes at most {@code perWrite} bytes a call and records what it was given. */
    private static final class Channel implements DataStreamChannel {
        final ByteArrayOutputStream written = new ByteArrayOutputStream();
        final int perWrite;
        int ends;

        Channel(int perWrite) {
            this.perWrite = perWrite;
        }

        @Override
        public int write(ByteBuffer src) {
            int n = Math.min(perWrite, src.remaining());
            byte[] part = new byte[n];
            src.get(part);
            written.write(part, 0, n);
            return n;
        }

        @Override
        public void requestOutput() {
        }

        @Override
        public void endStream(List<? extends Header> trailers) {
            ends++;
        }

        @Override
        public void endStream() {
            ends++;
        }
    }

    private static Channel sendAll(RequestBody body, int perWrite) throws Exception {
        Channel channel = new Channel(perWrite);
        for (int calls = 0; channel.ends == 0; calls++) {
            assertTrue(calls <= JSON.length, "the body never ended");
            body.produce(channel);
        }
        return channel;
    }

    @Test
    void writesEveryByteOnceAndEndsTheStreamOnce() throws Exception {
        for (int perWrite : new int[] {1, 7, JSON.length, 10_000}) {
            RequestBody body = new RequestBody(JSON, ContentType.APPLICATION_JSON);
            assertEquals(JSON.length, body.getContentLength());
            assertEquals(JSON.length, body.available());

            Channel channel = sendAll(body, perWrite);
            body.produce(channel); // asked again after the end: nothing more

            assertArrayEquals(JSON, channel.written.toByteArray(), "taking " + perWrite + " bytes a write");
            assertEquals(1, channel.ends);
            assertEquals(0, body.available());
        }
    }

    @Test
    void releasedResourcesRewindForTheNextExchange() throws Exception {
        RequestBody body = new RequestBody(JSON, ContentType.APPLICATION_JSON);
        assertTrue(body.isRepeatable());
        Channel first = new Channel(5);
        body.produce(first); // part of it, then the exchange ends (a 407 from the proxy)
        body.releaseResources();

        assertArrayEquals(JSON, sendAll(body, 5).written.toByteArray());
    }

    @Test
    void aForgottenBodyHasNothingLeft() throws Exception {
        RequestBody body = new RequestBody(JSON, ContentType.APPLICATION_JSON);
        sendAll(body, 10_000);
        body.forget();
        body.releaseResources();

        Channel after = new Channel(10_000);
        body.produce(after);
        assertEquals(0, body.available());
        assertEquals(0, after.written.size());
        assertEquals(0, after.ends);
        assertEquals(JSON.length, body.getContentLength(), "its length still describes what was sent");
        assertEquals("application/json; charset=UTF-8", body.getContentType());
    }
}
