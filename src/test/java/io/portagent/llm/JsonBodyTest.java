package io.portagent.llm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.stream.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * A body's bytes are the UTF-8 a generator writing to a stream makes, whatever the text: long
 * enough that the generator hands it over in several chunks (a surrogate pair may then be split
 * between two), with pairs, lone halves, and characters of one to four bytes.
 */
class JsonBodyTest {

    private static final char[] POOL = {'a', ' ', '"', '\\', '\n', 'é', 'ж', '中', '\u2028', '\uD83D', '\uDE00',
        '\uDBFF', '\uDFFF', '\u0001', '\u007F', '\u0080', '\u07FF', '\u0800', '\uFFFF'};

    @Test
    void aBodyIsWhatAGeneratorOnAStreamWrites() {
        Random random = new Random(7);
        for (int round = 0; round < 300; round++) {
            StringBuilder text = new StringBuilder();
            int length = random.nextInt(4) == 0 ? 1 + random.nextInt(20_000) : random.nextInt(300);
            boolean ascii = random.nextInt(3) == 0;
            for (int i = 0; i < length; i++) {
                text.append(ascii && random.nextInt(50) > 0 ? 'x' : POOL[random.nextInt(POOL.length)]);
            }
            String value = text.toString();
            Consumer<JsonGenerator> fields = json -> json.writeStartObject().write("model", "m").write("text", value)
                    .writeEnd();
            Consumer<JsonGenerator> inner = json -> json.write("model", "m").write("text", value);
            byte[] body = new JsonBody(16).open(inner).array("messages",
                    List.of(JsonBody.items(json -> json.write(value)), new byte[0])).finish();
            String object = reference(fields);
            String array = reference(json -> json.writeStartArray().write(value).writeEnd());
            String expected = object.substring(0, object.length() - 1) + ",\"messages\":["
                    + array.substring(1, array.length() - 1) + "]}";
            assertArrayEquals(expected.getBytes(StandardCharsets.UTF_8), body,
                    () -> "for " + value.chars().boxed().toList());
        }
    }

    @Test
    void aBodyIsAssembledToTheByteWhateverItsArraysHold() {
        byte[] a = JsonBody.items(json -> json.write("a"));
        byte[] b = JsonBody.items(json -> json.write(1).write(2));
        String header = "{\"model\":\"m\"";
        assertEquals(header + ",\"messages\":[],\"tools\":[\"a\"]}", body(List.of(), List.of(a)));
        assertEquals(header + ",\"messages\":[],\"tools\":[]}", body(List.of(new byte[0]), List.of(new byte[0], new byte[0])));
        assertEquals(header + ",\"messages\":[\"a\",1,2,\"a\"],\"tools\":[1,2]}",
                body(List.of(a, new byte[0], b, new byte[0], a), List.of(new byte[0], b)));
        assertEquals(header + "}", new String(new JsonBody(1).open(json -> json.write("model", "m")).finish(),
                StandardCharsets.UTF_8));
    }

    private static String body(List<byte[]> messages, List<byte[]> tools) {
        byte[] body = new JsonBody(4).open(json -> json.write("model", "m")).array("messages", messages)
                .array("tools", tools).finish();
        return new String(body, StandardCharsets.UTF_8);
    }

    /** What a generator on a byte stream writes (its UTF-8 is valid: a lone half becomes '?'). */
    private static String reference(Consumer<JsonGenerator> write) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator json = Json.PROVIDER.createGenerator(out)) {
            write.accept(json);
        }
        return out.toString(StandardCharsets.UTF_8);
    }
}
