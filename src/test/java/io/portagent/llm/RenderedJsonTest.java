package io.portagent.llm;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/** Rendered JSON found on the message itself, by value in the cache, or rendered: always the renderer's own. */
class RenderedJsonTest {

    private final AtomicInteger renders = new AtomicInteger();

    private Function<LlmMessage, byte[]> renderer(String protocol) {
        return message -> {
            renders.incrementAndGet();
            return (protocol + ((ContentBlock.Text) message.content().get(0)).text()).getBytes(StandardCharsets.UTF_8);
        };
    }

    private static String json(List<byte[]> rendered) {
        return rendered.stream().map(b -> new String(b, StandardCharsets.UTF_8)).reduce("", (x, y) -> x + "|" + y);
    }

    @Test
    void eachRendererGetsItsOwnJsonWhicheverRenderedTheMessageLast() {
        RenderedJson<LlmMessage> a = new RenderedJson<>(1 << 20);
        RenderedJson<LlmMessage> b = new RenderedJson<>(1 << 20);
        LlmMessage hi = LlmMessage.user("hi");
        LlmMessage there = LlmMessage.assistant("there");
        assertEquals("|Ahi|Athere", json(a.all(List.of(hi, there), renderer("A"))));
        assertEquals("|Bhi|Bthere", json(b.all(List.of(hi, there), renderer("B"))));
        assertEquals(4, renders.get());
        assertEquals("|Ahi|Athere", json(a.all(List.of(hi, there), renderer("A"))), "B's JSON is not A's");
        assertEquals("|Ahi", json(a.all(List.of(LlmMessage.user("hi")), renderer("A"))), "an equal message, by value");
        assertEquals(4, renders.get(), "all found, none rendered again");
    }

    @Test
    void aMessageKeepsItsJsonWhenTheCacheCannotAndAnEqualOneIsRenderedAgain() {
        RenderedJson<LlmMessage> tiny = new RenderedJson<>(1); // keeps nothing by value
        LlmMessage hi = LlmMessage.user("hi");
        assertEquals("|Ahi", json(tiny.all(List.of(hi), renderer("A"))));
        assertEquals("|Ahi", json(tiny.all(List.of(hi), renderer("A"))));
        assertEquals(1, renders.get(), "the message carried it");
        assertEquals("|Ahi", json(tiny.all(List.of(LlmMessage.user("hi")), renderer("A"))));
        assertEquals(2, renders.get(), "another object with nothing kept by value: rendered");
    }
}
