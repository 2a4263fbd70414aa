package io.portagent.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.io.StringReader;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-written text delta frame reads back, through a JSON parser, as exactly what was streamed. */
class JsonTextTest {

    @Test
    void aQuotedStringParsesBackToItself() {
        Random random = new Random(31);
        for (int i = 0; i < 3000; i++) {
            quotedParsesBack(text(random));
        }
    }

    @Test
    void aTextDeltaEventIsTheSameJsonAsOneBuiltWithJsonP() {
        Random random = new Random(32);
        for (int i = 0; i < 1500; i++) {
            sameEvent(text(random), text(random));
        }
    }

    @Test
    void aStoredStringReadsBackAsJsonPReadsIt() {
        Random random = new Random(33);
        for (int i = 0; i < 3000; i++) {
            String text = text(random);
            assertEquals(text, JsonText.unquote(JsonText.quote(new StringBuilder(), text).toString()));
            String generated = JsonSupport.PROVIDER.createArrayBuilder().add(text).build().toString();
            String literal = generated.substring(1, generated.length() - 1);
            assertEquals(text, JsonText.unquote(literal), literal);
        }
        assertEquals("é/\"\\\b\f\n\r\t\ud83d\ude00", JsonText.unquote(" \"\\u00e9\\/\\\"\\\\\\b\\f\\n\\r\\t\\ud83d\\ude00\"\n"));
        assertEquals("", JsonText.unquote("\"\""));
    }

    @Test
    void anythingButOneValidStringLiteralIsLeftToTheParser() {
        for (String json : new String[] {"42", "{\"a\":1}", "[\"a\"]", "\"a\" \"b\"", "\"a\"b\"", "\"abc", "\"a\\\"",
                "\"tab\there\"", "\"\\x\"", "\"\\u12\"", "\"\\u12g4\"", "null", "\"", ""}) {
            assertNull(JsonText.unquote(json), json);
        }
        // and what a stored message's text then is, is the parser's word, as before
        assertEquals("{\"a\":1}", MessageContent.textOf("{\"a\":1}"));
        assertEquals("42", MessageContent.textOf("42"));
    }

    private static void quotedParsesBack(String text) {
        String quoted = JsonText.quote(new StringBuilder(), text).toString();
        JsonString parsed = (JsonString) JsonSupport.PROVIDER.createReader(new StringReader(quoted)).readValue();
        assertEquals(text, parsed.getString());
    }

    private static void sameEvent(String text, String turnId) {
        EventContext context = new EventContext("c\"1", "i\\2", "s\n3", turnId.isEmpty() ? null : turnId);
        JsonObject data = JsonSupport.PROVIDER.createObjectBuilder().add("text", text).build();
        String handWritten = TurnEvents.textData(text);
        String quoted = JsonText.quote(new StringBuilder(), text).toString();
        assertEquals(quoted.equals('"' + text + '"'), JsonText.isPlain(text), quoted);
        AgentEvent fast = AgentEvent.create(EventType.TEXT_DELTA, 7, 1_796_000_000_000L, AgentEvent.contextJson(context),
                handWritten);
        JsonObject expected = JsonSupport.PROVIDER.createObjectBuilder().add("type", "text_delta").add("seq", 7)
                .add("timestamp", 1_796_000_000_000L).add("data", data).add("context", contextOf(context)).build();
        assertEquals(expected, read(fast.json()));
        assertEquals(expected, read(AgentEvent.create(EventType.TEXT_DELTA, 7, 1_796_000_000_000L, context, data).json()));
    }

    private static JsonObject contextOf(EventContext context) {
        var json = JsonSupport.PROVIDER.createObjectBuilder().add("containerId", context.containerId())
                .add("imageId", context.conversationId()).add("sessionId", context.sessionId())
                .add("agentId", context.conversationId());
        return (context.turnId() == null ? json : json.add("turnId", context.turnId())).build();
    }

    private static JsonObject read(String json) {
        return JsonSupport.PROVIDER.createReader(new StringReader(json)).readObject();
    }

    /** Up to 30 characters: half of the time any char, else mostly those JSON escapes. */
    private static String text(Random random) {
        String tricky = "a\"\\/\n\r\t\b\f\u0000\u001f\u007f\u2028\u00e9\u4f60\ud83d\ude00";
        StringBuilder text = new StringBuilder();
        boolean any = random.nextBoolean();
        for (int n = random.nextInt(31); n > 0; n--) {
            text.append(any ? (char) random.nextInt(0x10000) : tricky.charAt(random.nextInt(tricky.length())));
        }
        return text.toString();
    }
}
