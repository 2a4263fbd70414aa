package io.portagent.llm;

import io.portagent.llm.anthropic.AnthropicProtocol;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * The provider stream's hot path on one core: SSE bytes to events ({@link SseParser}), and on to
 * decoded stream parts (the Anthropic protocol's {@link StreamDecoder}) as {@link StreamConsumer} does. One
 * operation is one event; the input is one answer of {@value #DELTAS} text deltas, fed in
 * 1,400-byte reads as a socket would deliver it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"})
public class SseParserBenchmark {

    static final int DELTAS = 60;
    /** message_start, content_block_start, the deltas, content_block_stop, message_delta, message_stop. */
    static final int EVENTS = DELTAS + 5;
    private static final int READ_BYTES = 1400;

    private final byte[] stream = answer();

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public void parseOnly(Blackhole hole) throws IOException {
        SseParser parser = new SseParser((event, data, length) -> hole.consume(length), 1 << 20);
        feed(parser);
    }

    @Benchmark
    @OperationsPerInvocation(EVENTS)
    public void parseAndDecode(Blackhole hole) throws IOException {
        StreamDecoder decoder = new AnthropicProtocol().decoder();
        StreamDecoder.Sink sink = new StreamDecoder.Sink() {
            @Override
            public boolean event(StreamEvent event) {
                hole.consume(event);
                return true;
            }

            @Override
            public void failed(AttemptFailure failure) {
                hole.consume(failure);
            }
        };
        SseParser parser = new SseParser((event, data, length) -> decoder.onEvent(event, data, length, sink), 1 << 20);
        feed(parser);
    }

    private void feed(SseParser parser) throws IOException {
        for (int from = 0; from < stream.length; from += READ_BYTES) {
            parser.feed(ByteBuffer.wrap(stream, from, Math.min(READ_BYTES, stream.length - from)));
        }
    }

    private static byte[] answer() {
        StringBuilder sse = new StringBuilder();
        event(sse, "message_start", "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\","
                + "\"role\":\"assistant\",\"model\":\"m\",\"content\":[],\"stop_reason\":null,\"stop_sequence\":null,"
                + "\"usage\":{\"input_tokens\":25,\"output_tokens\":1}}}");
        event(sse, "content_block_start",
                "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}");
        for (int i = 0; i < DELTAS; i++) {
            event(sse, "content_block_delta", "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":"
                    + "{\"type\":\"text_delta\",\"text\":\"word " + i + " of the answer, \"}}");
        }
        event(sse, "content_block_stop", "{\"type\":\"content_block_stop\",\"index\":0}");
        event(sse, "message_delta", "{\"type\":\"message_delta\",\"delta\":{\"stop_reason\":\"end_turn\","
                + "\"stop_sequence\":null},\"usage\":{\"output_tokens\":60}}");
        event(sse, "message_stop", "{\"type\":\"message_stop\"}");
        return sse.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void event(StringBuilder sse, String name, String json) {
        sse.append("event: ").append(name).append("\ndata: ").append(json).append("\n\n");
    }
}
