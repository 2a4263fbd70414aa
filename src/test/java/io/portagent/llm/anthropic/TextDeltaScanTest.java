package io.portagent.llm.anthropic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.portagent.llm.Json;
import io.portagent.llm.StreamEvent;
import jakarta.json.JsonException;
import java.nio.charset.StandardCharsets;
import java.util.Random;
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

    /** Random texts (any character, and the ones JSON escapes, often): the scan reads them as the parse does. */
    @Test
    void agreesWithTheFullParse() {
        Random random = new Random(21);
        for (int i = 0; i < 3000; i++) {
            String text = text(random);
            int index = random.nextInt(100_001);
            String wire = "{\"type\":\"content_block_delta\",\"index\":" + index + ",\"delta\":{\"type\":\"text_delta\","
                    + "\"text\":" + Json.PROVIDER.createValue(text).toString() + "}}";
            StreamEvent.TextDelta delta = scan(wire);
            assertNotNull(delta, wire);
            assertEquals(parse(wire), delta, wire);
        }
    }

    /** Damaged events: whatever the scan accepts, the full parse reads the same way. */
    @Test
    void neverAcceptsWhatTheParseReadsDifferently() {
        Random random = new Random(22);
        String junk = "\"\\}{,: u0a\t";
        for (int i = 0; i < 5000; i++) {
            String valid = "{\"type\":\"content_block_delta\",\"index\":3,\"delta\":{\"type\":\"text_delta\",\"text\":"
                    + Json.PROVIDER.createValue(text(random)).toString() + "}}";
            StringBuilder inserted = new StringBuilder();
            for (int n = 1 + random.nextInt(3); n > 0; n--) {
                inserted.append(junk.charAt(random.nextInt(junk.length())));
            }
            int at = random.nextInt(Math.min(121, valid.length() + 1));
            String damaged = valid.substring(0, at) + inserted + valid.substring(at);
            StreamEvent.TextDelta delta = scan(damaged);
            if (delta == null) {
                continue;
            }
            StreamEvent parsed;
            try {
                parsed = parse(damaged);
            } catch (JsonException | IllegalStateException e) {
                throw new AssertionError("the scan accepted invalid JSON: " + damaged, e);
            }
            assertEquals(parsed, delta, damaged);
        }
    }

    /** Up to 40 characters: half of the time any char, else mostly those JSON escapes. */
    private static String text(Random random) {
        String tricky = "ab\"\\/\n\t\u0001\u00e9\u4f60\ud83d\ude00 ";
        StringBuilder text = new StringBuilder();
        boolean any = random.nextBoolean();
        for (int n = random.nextInt(41); n > 0; n--) {
            text.append(any ? (char) random.nextInt(0x10000) : tricky.charAt(random.nextInt(tricky.length())));
        }
        return text.toString();
    }

    private static StreamEvent parse(String wire) {
        return AnthropicDecoder.decode("content_block_delta", Json.object(bytes(wire), bytes(wire).length));
    }

    private static StreamEvent.TextDelta scan(String wire) {
        byte[] data = bytes(wire);
        return TextDeltaScan.scan(data, data.length);
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
