package io.portagent.testing;

import io.portagent.testing.StreamPlan.Fault;
import io.portagent.testing.StreamPlan.Frame;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Scripts one SSE answer of a {@link FakeModelServer}, in whichever {@link Dialect} it speaks:
 * content blocks in order (text, reasoning, tool calls), extra pings and comment lines, pacing,
 * wire variations, and at most one fault (error event, stall, drop, reset) after N deltas.
 * Mutable and fluent; the fixture freezes a copy on enqueue. Deltas (the frames that carry a piece
 * of content) are counted across all blocks, starting at 1.
 */
public final class StreamScript implements Script {

    private static final String KEEP_ALIVE = " keep-alive";

    /** Parts appear on the wire in the order the test added them. */
    private sealed interface Part permits TextPart, ReasoningPart, ToolUsePart, PingPart, CommentPart {
    }

    private record TextPart(List<String> deltas) implements Part {
    }

    private record ReasoningPart(List<String> deltas) implements Part {
    }

    private record ToolUsePart(String id, String name, List<String> partialJson) implements Part {
    }

    private record PingPart() implements Part {
    }

    private record CommentPart(String text) implements Part {
    }

    private final List<Part> parts = new ArrayList<>();
    private String stopReason;
    private int inputTokens = 25;
    private Integer outputTokens;
    private Duration firstByteDelay = Duration.ZERO;
    private Duration deltaDelay = Duration.ZERO;
    private int pingEvery;
    private int keepAliveEvery;
    private boolean crlf;
    private boolean wholeToolCalls;
    private Duration splitPause;
    private Fault fault;

    StreamScript() {
    }

    /** Appends a text content block made of these {@code text_delta} chunks. */
    public StreamScript text(String... deltas) {
        parts.add(new TextPart(List.of(deltas)));
        return this;
    }

    /** Appends reasoning (a thinking block; OpenAI's {@code reasoning_content}), which is not answer text. */
    public StreamScript reasoning(String... deltas) {
        parts.add(new ReasoningPart(List.of(deltas)));
        return this;
    }

    /** Sends each tool call's input whole, in one delta (Ollama sends a call in one chunk). */
    public StreamScript wholeToolCalls() {
        this.wholeToolCalls = true;
        return this;
    }

    /**
     * Appends a {@code tool_use} block; the {@code partial_json} chunks are sent verbatim, so split
     * them wherever the test wants (mid-key, mid-string, an empty first chunk as Anthropic sends).
     */
    public StreamScript toolUse(String id, String name, String... partialJson) {
        parts.add(new ToolUsePart(Objects.requireNonNull(id, "id"), Objects.requireNonNull(name, "name"),
                List.of(partialJson)));
        return this;
    }

    /** Appends a {@code ping} event between blocks. */
    public StreamScript ping() {
        parts.add(new PingPart());
        return this;
    }

    /** Appends an SSE comment line ({@code :text}) between blocks; clients must ignore it. */
    public StreamScript comment(String text) {
        parts.add(new CommentPart(Objects.requireNonNull(text, "text")));
        return this;
    }

    /** Sends a {@code ping} event after every {@code deltas}-th delta (0 turns this off). */
    public StreamScript pingEvery(int deltas) {
        this.pingEvery = requireNonNegative(deltas, "deltas");
        return this;
    }

    /** Sends a {@code : keep-alive} comment line after every {@code deltas}-th delta (0: off). */
    public StreamScript keepAliveEvery(int deltas) {
        this.keepAliveEvery = requireNonNegative(deltas, "deltas");
        return this;
    }

    /** Overrides the stop_reason; by default {@code tool_use} if any tool block, else {@code end_turn}. */
    public StreamScript stopReason(String reason) {
        this.stopReason = Objects.requireNonNull(reason, "reason");
        return this;
    }

    /** Sets usage.input_tokens (message_start, default 25) and usage.output_tokens (message_delta). */
    public StreamScript usage(int inputTokens, int outputTokens) {
        this.inputTokens = requireNonNegative(inputTokens, "inputTokens");
        this.outputTokens = requireNonNegative(outputTokens, "outputTokens");
        return this;
    }

    /** Waits this long after reading the request before the status line (time to first byte). */
    public StreamScript firstByteDelay(Duration delay) {
        this.firstByteDelay = requireNonNegative(delay);
        return this;
    }

    /**
     * Paces deltas at a fixed rate of one per {@code delay}: delta k goes out no earlier than
     * (k-1) x delay after the first was due, so slow writes do not stretch the stream. A stream
     * more than one interval behind restarts its schedule instead of bursting to catch up.
     */
    public StreamScript deltaDelay(Duration delay) {
        this.deltaDelay = requireNonNegative(delay);
        return this;
    }

    /** Ends every SSE line with CRLF instead of LF. */
    public StreamScript crlf() {
        this.crlf = true;
        return this;
    }

    /** Like {@link #splitWrites(Duration)} with a 5 ms pause, enough to defeat read coalescing. */
    public StreamScript splitWrites() {
        return splitWrites(Duration.ofMillis(5));
    }

    /**
     * Writes each event in several chunks, flushed separately with a pause between: cut mid
     * {@code event:} name, mid {@code data:} JSON (which may split a UTF-8 sequence), and just
     * before the data line's LF (between CR and LF with {@link #crlf()}).
     */
    public StreamScript splitWrites(Duration pause) {
        this.splitPause = requireNonNegative(pause);
        return this;
    }

    /**
     * After {@code n} deltas sends {@code event: error} with this type and message, then ends the
     * HTTP response cleanly (as Anthropic does), leaving blocks unstopped and no message_stop.
     */
    public StreamScript errorAfterDeltas(int n, String errorType, String message) {
        return fault(new Fault(Fault.Kind.ERROR_EVENT, n, Objects.requireNonNull(errorType, "errorType"),
                Objects.requireNonNull(message, "message")));
    }

    /** After {@code n} deltas sends an {@code overloaded_error} event. */
    public StreamScript overloadedAfterDeltas(int n) {
        return errorAfterDeltas(n, "overloaded_error", "Overloaded");
    }

    /**
     * After {@code n} deltas (0: right after message_start) sends nothing more while keeping the
     * connection open, until {@link FakeAnthropic#releaseStalls()} resumes the script, the client
     * disconnects, or the fixture closes.
     */
    public StreamScript stallAfterDeltas(int n) {
        return fault(new Fault(Fault.Kind.STALL, n, null, null));
    }

    /** After {@code n} deltas closes the socket without the terminating chunk: a broken stream. */
    public StreamScript dropAfterDeltas(int n) {
        return fault(new Fault(Fault.Kind.DROP, n, null, null));
    }

    /** After {@code n} deltas aborts the connection with a TCP RST (SO_LINGER 0). */
    public StreamScript resetAfterDeltas(int n) {
        return fault(new Fault(Fault.Kind.RESET, n, null, null));
    }

    /** After {@code n} deltas sends a delta event whose data is cut-off JSON (malformed SSE), then ends the response. */
    public StreamScript malformedAfterDeltas(int n) {
        return fault(new Fault(Fault.Kind.MALFORMED, n, null, null));
    }

    /** Renders the frames once in {@code dialect}; fails fast if a fault lies beyond the last delta. */
    StreamPlan plan(Dialect dialect) {
        Wire wire = dialect.wire();
        List<Frame> content = new ArrayList<>();
        int block = 0;
        int calls = 0;
        for (Part part : parts) {
            if (part instanceof TextPart text) {
                content.addAll(wire.text(block++, text.deltas()));
            } else if (part instanceof ReasoningPart reasoning) {
                content.addAll(wire.reasoning(block++, reasoning.deltas()));
            } else if (part instanceof ToolUsePart tool) {
                content.addAll(wire.toolCall(block++, calls++, tool.id(), tool.name(), tool.partialJson(),
                        wholeToolCalls));
            } else if (part instanceof PingPart) {
                content.add(wire.ping());
            } else if (part instanceof CommentPart comment) {
                content.add(Frame.comment(comment.text()));
            }
        }
        List<Frame> frames = new ArrayList<>();
        int deltas = 0;
        for (Frame frame : content) {
            frames.add(frame);
            if (frame.delta()) {
                addPeriodic(frames, ++deltas, wire);
            }
        }
        String reason = stopReason != null ? stopReason : calls > 0 ? "tool_use" : "end_turn";
        frames.addAll(wire.end(reason, inputTokens, outputTokens != null ? outputTokens : Math.max(1, deltas)));
        if (fault != null && fault.afterDeltas() > deltas) {
            throw new IllegalArgumentException("fault after " + fault.afterDeltas()
                    + " deltas, but the script has only " + deltas);
        }
        String lineEnding = crlf ? "\r\n" : "\n";
        List<byte[]> wireBytes = new ArrayList<>(frames.size());
        frames.forEach(frame -> wireBytes.add(StreamPlan.render(frame, lineEnding)));
        return new StreamPlan(frames, wireBytes, deltas, inputTokens, fault, firstByteDelay.toNanos(),
                deltaDelay.toNanos(), lineEnding, splitPause != null, splitPause == null ? 0 : splitPause.toNanos());
    }

    private void addPeriodic(List<Frame> frames, int deltasSoFar, Wire wire) {
        if (pingEvery > 0 && deltasSoFar % pingEvery == 0) {
            frames.add(wire.ping());
        }
        if (keepAliveEvery > 0 && deltasSoFar % keepAliveEvery == 0) {
            frames.add(Frame.comment(KEEP_ALIVE));
        }
    }

    private StreamScript fault(Fault newFault) {
        requireNonNegative(newFault.afterDeltas(), "n");
        this.fault = newFault; // one fault per stream: the last call wins
        return this;
    }

    private static int requireNonNegative(int value, String name) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must be >= 0, got " + value);
        }
        return value;
    }

    private static Duration requireNonNegative(Duration value) {
        if (value.isNegative()) {
            throw new IllegalArgumentException("duration must be >= 0, got " + value);
        }
        return value;
    }
}
