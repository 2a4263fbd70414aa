package io.portagent.testing;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * A {@link StreamScript} frozen at enqueue time in one {@link Dialect}: the SSE frames after the
 * first (which echoes the request's model), already
 * rendered to bytes, plus the pacing, wire and fault settings the {@link StreamPlayer} applies.
 * Rendering once per script, not once per stream, keeps a delta down to a buffer copy and a flush.
 */
record StreamPlan(
        List<Frame> frames,
        List<byte[]> wire,
        int deltaCount,
        int inputTokens,
        Fault fault,
        long firstByteDelayNanos,
        long deltaDelayNanos,
        String lineEnding,
        boolean splitWrites,
        long splitPauseNanos) implements Reply {

    StreamPlan {
        frames = List.copyOf(frames);
        wire = List.copyOf(wire);
    }

    /** The bytes of one SSE frame: {@code event:} and {@code data:} lines, a lone {@code data:} line, or a comment. */
    static byte[] render(Frame frame, String lineEnding) {
        String data = "data: " + frame.data() + lineEnding + lineEnding;
        String text = frame.event() == null ? ":" + frame.data() + lineEnding + lineEnding
                : frame.event().isEmpty() ? data : "event: " + frame.event() + lineEnding + data;
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * One SSE frame. {@code event == null} marks a comment line, whose text is {@code data}; an
     * empty {@code event} a frame with no event name (OpenAI's chunks); {@code delta} marks the
     * frames that carry a piece of content, the unit that faults and pacing count.
     */
    record Frame(String event, String data, boolean delta) {

        static Frame event(String event, String data) {
            return new Frame(event, data, false);
        }

        static Frame delta(String data) {
            return new Frame("content_block_delta", data, true);
        }

        static Frame data(String data, boolean delta) {
            return new Frame("", data, delta);
        }

        static Frame comment(String text) {
            return new Frame(null, text, false);
        }
    }

    /** What breaks the stream once {@code afterDeltas} delta frames were sent. */
    record Fault(Kind kind, int afterDeltas, String errorType, String errorMessage) {

        enum Kind {
            /** Send an {@code error} SSE event, then end the HTTP response cleanly. */
            ERROR_EVENT,
            /** Send nothing more, keep the connection open until released or closed. */
            STALL,
            /** Close the socket (FIN) without the terminating chunk. */
            DROP,
            /** Close the socket with SO_LINGER 0, so the peer sees a TCP RST. */
            RESET,
            /** Send a delta event whose data is cut-off JSON, then end the HTTP response cleanly. */
            MALFORMED
        }
    }
}
