package io.portagent.llm;

import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The JSON-P provider and reader factory, looked up once: {@code jakarta.json.Json}'s static
 * methods run a ServiceLoader lookup on every call, which the stream's hot path cannot afford.
 */
public final class Json {

    public static final JsonProvider PROVIDER = JsonProvider.provider();
    private static final JsonReaderFactory READERS = PROVIDER.createReaderFactory(Map.of());

    private Json() {
    }

    /**
     * Parses UTF-8 bytes as one JSON object; throws {@link JsonException} if they are not one.
     * Decoded to a string first: a reader over a byte stream builds an InputStreamReader with an
     * 8 KB buffer for every event, which was 5% of the server's CPU in the load benchmark.
     */
    public static JsonObject object(byte[] utf8, int length) {
        try (JsonReader reader = READERS.createReader(new StringReader(new String(utf8, 0, length,
                StandardCharsets.UTF_8)))) {
            return reader.readObject();
        }
    }

    /** Parses text as any JSON value; throws {@link JsonException} on a syntax error. */
    public static JsonValue value(String text) {
        try (JsonReader reader = READERS.createReader(new StringReader(text))) {
            return reader.readValue();
        }
    }

    /** A string member, or {@code fallback} if it is absent, null or not a string. */
    public static String string(JsonObject object, String name, String fallback) {
        JsonValue value = object == null ? null : object.get(name);
        return value instanceof jakarta.json.JsonString text ? text.getString() : fallback;
    }

    /** An integer member, or {@code fallback} if it is absent or not a number. */
    public static int integer(JsonObject object, String name, int fallback) {
        JsonValue value = object == null ? null : object.get(name);
        return value instanceof jakarta.json.JsonNumber number ? number.intValue() : fallback;
    }

    /** An object member, or null if it is absent or not an object. */
    public static JsonObject child(JsonObject object, String name) {
        JsonValue value = object == null ? null : object.get(name);
        return value instanceof JsonObject child ? child : null;
    }

    /**
     * Parses stored JSON text that must be an object; blank means {@code {}}, as a tool called
     * without arguments streams nothing.
     *
     * @throws IllegalArgumentException naming {@code what} if the text is not a JSON object
     */
    public static JsonObject objectOf(String text, String what) {
        if (text.isBlank()) {
            return JsonValue.EMPTY_JSON_OBJECT;
        }
        try {
            JsonValue value = value(text);
            if (value instanceof JsonObject object) {
                return object;
            }
        } catch (JsonException e) {
            throw new IllegalArgumentException("The " + what + " is not valid JSON: " + e.getMessage(), e);
        }
        throw new IllegalArgumentException("The " + what + " must be a JSON object.");
    }
}
