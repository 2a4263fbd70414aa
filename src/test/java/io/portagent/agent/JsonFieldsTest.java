package io.portagent.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.Json;
import jakarta.json.JsonObjectBuilder;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JsonFieldsTest {

    private static final String[] PIECES = {"a", "Z", "\"", "\\", "/", "\n", "\r", "\t", "\b", "\f", "\u0000",
        "\u001f", "\u007f", "é", "€", "\u2028", "😀", "\ud800", " ", "{", "}"};

    @Test
    void writesWhatJsonPWritesForTheSameFields() {
        Random random = new Random(21);
        for (int round = 0; round < 500; round++) {
            String text = text(random);
            long number = random.nextLong();
            boolean flag = random.nextBoolean();
            JsonObjectBuilder expected = Json.createObjectBuilder().add("text", text).add("n", number).add("flag", flag)
                    .add("inner", Json.createObjectBuilder().add("k", text)).addNull("none");
            String written = new JsonFields().add("text", text).add("n", number).add("flag", flag)
                    .addJson("inner", new JsonFields().add("k", text).build()).add("none", (String) null).build();
            assertEquals(expected.build().toString(), written, "for " + text.codePoints().boxed().toList());
        }
    }

    @Test
    void anObjectWithoutFieldsIsEmpty() {
        assertEquals("{}", new JsonFields().build());
    }

    private static String text(Random random) {
        StringBuilder text = new StringBuilder();
        for (int i = random.nextInt(40); i >= 0; i--) {
            text.append(PIECES[random.nextInt(PIECES.length)]);
        }
        return text.toString();
    }
}
