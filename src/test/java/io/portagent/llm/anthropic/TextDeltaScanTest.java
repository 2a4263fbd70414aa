package io.portagent.llm.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.portagent.llm.Json;
import io.portagent.llm.StreamEvent;
import jakarta.json.JsonException;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** The scan must read every event it accepts exactly as the full JSON parse does, and decline the rest. */
class TextDeltaScanTest {

    @Test
    void readsTheOneShapeItKnows() {
        StreamEvent.TextDelta delta = scan("{\"type\":\"content_block_delta\",\"index\":12,\"delta\":"
                + "{\"type\":\"text_delta\",\"text\":\"Hi \\\"you\\\"\\n\\u00e9\\ud83d\\ude00 \u4f60\u597d\"}}");
        assertNotNull(delta);
        assertEquals(12, delta.index());
        assertEquals("Hi \"you\"\n\u00e9\ud83d\ude00 \u4f60\u597d", delta.text());
    }

    @Test
    void declinesOtherShapesForTheFullParse() {
        assertNull(scan("{\"index\":0,\"type\":\"content_block_delta\",\"delta\":{\"type\":\"text_delta\",\"text\":\"a\"}}"));
        assertNull(scan("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"input_json_delta\","
                + "\"partial_json\":\"{\"}}"));
        assertNull(scan("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"a\","
                + "\"extra\":1}}"));
        assertNull(scan("{\"type\":\"content_block_delta\",\"index\":01,\"delta\":{\"type\":\"text_delta\",\"text\":\"a\"}}"));
        assertNull(scan("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"a\\x\"}}"));
        assertNull(scan("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"a\tb\"}}"));
        assertNull(scan("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"a\"}}x"));
        assertNull(scan("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"a"));
        assertNull(scan("{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"\\u12\"}}"));
    }

    @Property(tries = 2000)
    void agreesWithTheFullParse(@ForAll("texts") String text, @ForAll("indexes") int index) {
        String wire = "{\"type\":\"content_block_delta\",\"index\":" + index + ",\"delta\":{\"type\":\"text_delta\","
                + "\"text\":" + Json.PROVIDER.createValue(text).toString() + "}}";
        StreamEvent.TextDelta delta = scan(wire);
        assertNotNull(delta, wire);
        StreamEvent parsed = AnthropicDecoder.decode("content_block_delta", Json.object(bytes(wire), bytes(wire).length));
        assertEquals(parsed, delta);
    }

    /** Damaged events: whatever the scan accepts, the full parse reads the same way. */
    @Property(tries = 3000)
    void neverAcceptsWhatTheParseReadsDifferently(@ForAll("texts") String text, @ForAll("cuts") int cut,
            @ForAll("junk") String junk) {
        String valid = "{\"type\":\"content_block_delta\",\"index\":3,\"delta\":{\"type\":\"text_delta\",\"text\":"
                + Json.PROVIDER.createValue(text).toString() + "}}";
        int at = Math.min(cut, valid.length());
        String damaged = valid.substring(0, at) + junk + valid.substring(at);
        StreamEvent.TextDelta delta = scan(damaged);
        if (delta == null) {
            return;
        }
        StreamEvent parsed;
        try {
            parsed = AnthropicDecoder.decode("content_block_delta", Json.object(bytes(damaged), bytes(damaged).length));
        } catch (JsonException | IllegalStateException e) {
            throw new AssertionError("the scan accepted invalid JSON: " + damaged, e);
        }
        assertEquals(parsed, delta, damaged);
    }

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.oneOf(Arbitraries.strings().all().ofMaxLength(40),
                Arbitraries.strings().withChars("ab\"\\/\n\t\u0001\u00e9\u4f60\ud83d\ude00 ").ofMaxLength(20));
    }

    @Provide
    Arbitrary<Integer> indexes() {
        return Arbitraries.integers().between(0, 100_000);
    }

    @Provide
    Arbitrary<Integer> cuts() {
        return Arbitraries.integers().between(0, 120);
    }

    @Provide
    Arbitrary<String> junk() {
        return Arbitraries.strings().withChars("\"\\}{,: u0a\t").ofMinLength(1).ofMaxLength(3);
    }

    private static StreamEvent.TextDelta scan(String wire) {
        byte[] data = bytes(wire);
        return TextDeltaScan.scan(data, data.length);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
