package io.portagent.llm;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Set;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.nio.AsyncEntityProducer;
import org.apache.hc.core5.http.nio.DataStreamChannel;

/**
 * A request's body that can be told to let go of its bytes. HttpClient keeps an exchange's
 * entity until the response ends, which for a streamed answer is the whole turn: the body (the
 * conversation's context, up to hundreds of kilobytes) would live that long for nothing and be
 * copied by every young collection on its way to the old generation. Once the answer's first
 * event arrives the request can no longer be sent again (neither by us, see {@link StreamingCall},
 * nor by the client: a proxy's authentication challenge comes before any answer), so the call
 * then {@linkplain #forget() forgets} it. Until then it behaves as HttpClient's own byte-array
 * entity: repeatable, rewound when its resources are released.
 */
final class RequestBody implements AsyncEntityProducer {

    private final long length;
    private final String contentType;
    /** What is left to write; null once forgotten. Written by the exchange's I/O thread and by {@link #forget()}. */
    private volatile ByteBuffer rest;
    /** Whether this exchange's stream was ended (once); the I/O thread's. */
    private boolean ended;

    RequestBody(byte[] body, ContentType contentType) {
        this.length = body.length;
        this.contentType = contentType.toString();
        this.rest = ByteBuffer.wrap(body);
    }

    /** The answer has begun: the bytes are not needed again. */
    void forget() {
        rest = null;
    }

    @Override
    public int available() {
        ByteBuffer buffer = rest;
        return buffer == null ? 0 : buffer.remaining();
    }

    @Override
    public void produce(DataStreamChannel channel) throws IOException {
        ByteBuffer buffer = rest;
        if (buffer == null || ended) {
            return; // sent; forgotten once the answer began
        }
        if (buffer.hasRemaining()) {
            channel.write(buffer);
        }
        if (!buffer.hasRemaining()) {
            ended = true;
            channel.endStream();
        }
    }

    @Override
    public boolean isRepeatable() {
        return true;
    }

    @Override
    public void failed(Exception cause) {
        // nothing to close; a retry rewinds or builds a new body
    }

    @Override
    public void releaseResources() {
        ByteBuffer buffer = rest;
        if (buffer != null) {
            buffer.clear(); // the next exchange with this entity starts from the first byte
        }
        ended = false;
    }

    @Override
    public long getContentLength() {
        return length;
    }

    @Override
    public String getContentType() {
        return contentType;
    }

    @Override
    public String getContentEncoding() {
        return null;
    }

    @Override
    public boolean isChunked() {
        return false;
    }

    @Override
    public Set<String> getTrailerNames() {
        return null;
    }
}
