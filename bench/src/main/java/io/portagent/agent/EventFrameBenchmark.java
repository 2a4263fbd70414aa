package io.portagent.agent;

import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A text delta on its way to the sockets, on one core: the event's data object as
 * {@link TurnRunner} builds it, the event's wire JSON ({@link AgentEvent#create}, done once per
 * event whatever the number of subscribers), and the UTF-8 payload of its WebSocket frame.
 * {@code textDeltaEvent} is what a running turn does per delta: the data and the event from the
 * turn's context JSON, rendered once per turn.
 * {@code viaJsonStatics} is the same work through {@code jakarta.json.Json}'s static methods,
 * which look the provider up on every call: the cost the shared provider removed.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"})
public class EventFrameBenchmark {

    private static final JsonProvider JSON = JsonSupport.PROVIDER;
    private final EventContext context = new EventContext("user-ae096a30-c7b5-40db-acfe-30f3a083bb19",
            "ad460b40-56df-4c4c-b007-128fd69312d1", "c40b04db-c091-4c3c-968d-81d2aa87a0c4",
            "turn_bdd80693-d393-41af-85a7-bda51346587c");
    private long seq;

    @Benchmark
    public byte[] textDeltaFrame() {
        JsonObject data = JSON.createObjectBuilder().add("text", "word of the answer, ").build();
        AgentEvent event = AgentEvent.create(EventType.TEXT_DELTA, ++seq, 1795823319949L, context, data);
        return event.json().getBytes(StandardCharsets.UTF_8);
    }

    private final String contextJson = AgentEvent.contextJson(context);

    /** What a running turn does per text delta: its data and event JSON from the turn's rendered context. */
    @Benchmark
    public String textDeltaEvent() {
        return AgentEvent.create(EventType.TEXT_DELTA, ++seq, 1795823319949L, contextJson,
                TurnEvents.textData("word of the answer, ")).json();
    }

    @Benchmark
    public String viaJsonStatics() {
        JsonObject data = jakarta.json.Json.createObjectBuilder().add("text", "word of the answer, ").build();
        java.io.StringWriter out = new java.io.StringWriter(128);
        try (var g = jakarta.json.Json.createGenerator(out)) {
            g.writeStartObject().write("type", "text_delta").write("seq", ++seq).write("data", data).writeEnd();
        }
        return out.toString();
    }
}
