package io.portagent.testing;

import io.portagent.testing.StreamPlan.Fault;
import io.portagent.testing.StreamPlan.Frame;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Plays one {@link StreamPlan} onto a connection: status line and headers, then SSE events as
 * HTTP/1.1 chunks, one flush per event. Chunked framing is what makes a drop detectable: a peer
 * that sees EOF before the terminating zero-size chunk knows the stream broke.
 */
final class StreamPlayer {

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private final Connection connection;
    private final OutputStream out;
    private final StreamPlan plan;
    private final String messageId;
    private final Consumer<DeltaSent> deltaListener;
    private final Wire wire;

    StreamPlayer(Connection connection, StreamPlan plan, String messageId, Consumer<DeltaSent> deltaListener,
            Wire wire) {
        this.wire = wire;
        this.connection = connection;
        this.out = connection.out();
        this.plan = plan;
        this.messageId = messageId;
        this.deltaListener = deltaListener;
    }

    /**
     * Sends the whole stream; returns false when the script broke the connection (drop, reset),
     * so it must not be reused.
     */
    boolean play(String model, String requestId, boolean keepAlive) throws IOException, InterruptedException {
        sleepNanos(plan.firstByteDelayNanos());
        writeHead(requestId, keepAlive);
        write(wire.start(messageId, model, plan.inputTokens()));
        Outcome outcome = faultAfter(0);
        int sent = 0;
        long due = 0;
        for (int i = 0; i < plan.frames().size() && outcome == Outcome.CONTINUE; i++) {
            boolean delta = plan.frames().get(i).delta();
            if (delta) {
                due = pace(sent, due);
            }
            write(plan.wire().get(i));
            if (delta) {
                sent++;
                deltaListener.accept(new DeltaSent(messageId, sent, System.nanoTime()));
                outcome = faultAfter(sent);
            }
        }
        if (outcome == Outcome.CONTINUE) {
            finish();
        }
        return outcome != Outcome.BROKEN;
    }

    /** How the response goes on after a point where a fault may strike. */
    private enum Outcome { CONTINUE, ENDED, BROKEN }

    private Outcome faultAfter(int deltasSent) throws IOException, InterruptedException {
        Fault fault = plan.fault();
        if (fault == null || fault.afterDeltas() != deltasSent) {
            return Outcome.CONTINUE;
        }
        switch (fault.kind()) {
            case STALL -> {
                connection.holdStall();
                return Outcome.CONTINUE;
            }
            case ERROR_EVENT -> {
                write(wire.error(fault.errorType(), fault.errorMessage()));
                finish();
                return Outcome.ENDED;
            }
            case DROP -> connection.drop(false);
            case RESET -> connection.drop(true);
            case MALFORMED -> {
                write(Frame.event("content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"te"));
                finish();
                return Outcome.ENDED;
            }
        }
        return Outcome.BROKEN;
    }

    /**
     * Fixed-rate pacing from the first delta on, so write time does not stretch the interval. A
     * delta more than one interval late goes out at once and the schedule restarts from it, so a
     * hiccup costs at most one short gap, never a catch-up burst.
     */
    private long pace(int sentSoFar, long due) throws InterruptedException {
        long now = System.nanoTime();
        if (sentSoFar == 0 || plan.deltaDelayNanos() == 0) {
            return now;
        }
        long next = Math.max(due + plan.deltaDelayNanos(), now);
        sleepNanos(next - now);
        return next;
    }

    private void writeHead(String requestId, boolean keepAlive) throws IOException {
        String head = "HTTP/1.1 200 OK\r\n"
                + "content-type: text/event-stream; charset=utf-8\r\n"
                + "cache-control: no-cache\r\n"
                + "request-id: " + requestId + "\r\n"
                + "transfer-encoding: chunked\r\n"
                + (keepAlive ? "" : "connection: close\r\n")
                + "\r\n";
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    private void write(Frame frame) throws IOException, InterruptedException {
        write(StreamPlan.render(frame, plan.lineEnding()));
    }

    private void write(byte[] bytes) throws IOException, InterruptedException {
        if (!plan.splitWrites()) {
            chunk(bytes, 0, bytes.length);
            out.flush();
            return;
        }
        int from = 0;
        for (int cut : cuts(bytes)) {
            if (cut > from && cut < bytes.length) {
                chunk(bytes, from, cut - from);
                out.flush();
                sleepNanos(plan.splitPauseNanos());
                from = cut;
            }
        }
        chunk(bytes, from, bytes.length - from);
        out.flush();
    }

    /** Cut points: mid event name, mid data JSON, and just before the data line's final LF. */
    private static int[] cuts(byte[] frame) {
        int eventEnd = indexOf(frame, '\n', 0);
        int dataEnd = indexOf(frame, '\n', eventEnd + 1);
        if (eventEnd < 0 || dataEnd < 0 || frame[0] == ':') {
            return new int[] {frame.length / 2};
        }
        return new int[] {eventEnd / 2, (eventEnd + 1 + dataEnd) / 2, dataEnd};
    }

    private static int indexOf(byte[] bytes, char wanted, int from) {
        for (int i = Math.max(from, 0); i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    private void chunk(byte[] bytes, int offset, int length) throws IOException {
        out.write(Integer.toHexString(length).getBytes(StandardCharsets.US_ASCII));
        out.write(CRLF);
        out.write(bytes, offset, length);
        out.write(CRLF);
    }

    private void finish() throws IOException {
        out.write(LAST_CHUNK);
        out.flush();
    }

    private static void sleepNanos(long nanos) throws InterruptedException {
        if (nanos > 0) {
            TimeUnit.NANOSECONDS.sleep(nanos);
        }
    }
}
