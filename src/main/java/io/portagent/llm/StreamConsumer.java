package io.portagent.llm;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.apache.hc.client5.http.async.methods.AbstractBinResponseConsumer;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpResponse;

/**
 * Consumes one HTTP attempt's response on the I/O reactor thread: a 200 event stream is fed
 * through {@link SseParser} and the protocol's {@link StreamDecoder} straight to the {@link StreamingCall} as the
 * bytes arrive; any other answer is collected (bounded) and mapped by {@link ProviderErrors} once
 * complete. Doubles as the attempt's identity, so the call can ignore a superseded attempt.
 */
final class StreamConsumer extends AbstractBinResponseConsumer<Void> implements StreamDecoder.Sink {

    /** Error bodies are a few hundred bytes of JSON; an HTML page from a proxy is cut here. */
    private static final int MAX_ERROR_BODY = 16 * 1024;
    /** Far above any real event (a text delta is a few dozen bytes) yet bounded per stream. */
    private static final int MAX_EVENT_BYTES = 8 * 1024 * 1024;
    private static final String EVENT_STREAM = "text/event-stream";

    private final StreamingCall call;
    private final ExchangeAbort abort = new ExchangeAbort();
    private final SseParser parser = new SseParser(this::onSse, MAX_EVENT_BYTES);
    private final TextCoalescer coalescer = new TextCoalescer(this);
    private final StreamDecoder decoder;
    private boolean streaming;
    private int status;
    private String contentType;
    private String retryAfter;
    private byte[] errorBody;
    private int errorLength;
    /** Set once this attempt has handed its outcome to the call; later bytes are drained unread. */
    private boolean finished;

    StreamConsumer(StreamingCall call, StreamDecoder decoder) {
        this.call = call;
        this.decoder = decoder;
    }

    @Override
    protected void start(HttpResponse response, ContentType type) {
        status = response.getCode();
        contentType = type == null ? "no content type" : type.getMimeType();
        Header header = response.getFirstHeader("retry-after");
        retryAfter = header == null ? null : header.getValue();
        streaming = status == 200 && EVENT_STREAM.equalsIgnoreCase(contentType);
        if (!streaming) {
            errorBody = new byte[MAX_ERROR_BODY];
        }
    }

    @Override
    protected int capacityIncrement() {
        return Integer.MAX_VALUE; // bytes are handled as they arrive, nothing piles up here
    }

    /** Closes this attempt's connection now; see {@link ExchangeAbort}. */
    void abort() {
        abort.abort();
    }

    ExchangeAbort abortHandle() {
        return abort;
    }

    @Override
    protected void data(ByteBuffer src, boolean endOfStream) throws IOException {
        if (abort.isAborted()) {
            // Backstop for an abort that raced the connect: failing here makes HttpClient close it.
            throw new InterruptedIOException("the call was cancelled");
        }
        if (finished) {
            src.position(src.limit());
        } else if (streaming) {
            try {
                parser.feed(src);
            } finally {
                coalescer.flush(); // what this read brought is delivered before the next read
            }
        } else {
            int count = Math.min(src.remaining(), MAX_ERROR_BODY - errorLength);
            src.get(errorBody, errorLength, count);
            errorLength += count;
            src.position(src.limit());
        }
    }

    /** HttpClient's end-of-body hook (its {@code completed()} is final): the answer is all here. */
    @Override
    protected Void buildResult() {
        bodyEnded();
        return null;
    }

    private void bodyEnded() {
        if (finished) {
            return;
        }
        finished = true;
        if (streaming) {
            call.attemptFailed(this, AttemptFailure.retryable(FailureCode.STREAM_DROPPED,
                    "The provider ended the stream before the answer was complete"));
        } else {
            call.attemptFailed(this, ProviderErrors.fromStatus(status, contentType, errorBody, errorLength,
                    Backoff.parseRetryAfter(retryAfter, Instant.now())));
        }
    }

    @Override
    public void failed(Exception cause) {
        call.transportFailed(this, cause);
    }

    @Override
    public void releaseResources() {
        // Nothing pooled or open: the buffers go with this object once the exchange lets go of it.
    }

    private void onSse(String event, byte[] data, int length) throws IOException {
        if (!finished) {
            decoder.onEvent(event, data, length, coalescer);
        }
    }

    @Override
    public boolean event(StreamEvent decoded) {
        if (finished) {
            return false;
        }
        if (!call.deliver(this, decoded)) {
            finished = true;
        } else if (decoded instanceof StreamEvent.MessageStop) {
            finished = true;
            call.complete(this);
        }
        return !finished;
    }

    @Override
    public void failed(AttemptFailure failure) {
        if (!finished) {
            finished = true;
            call.attemptFailed(this, failure);
        }
    }
}
