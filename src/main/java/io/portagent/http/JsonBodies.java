package io.portagent.http;

import io.portagent.agent.JsonSupport;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParsingException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * Reads a request body as one JSON object, at most {@link #LIMIT} bytes, and its fields with
 * their types checked; each problem becomes a 400 (or 413) with a sentence, never a stack trace.
 */
public final class JsonBodies {

    public static final int LIMIT = 64 * 1024;

    private JsonBodies() {
    }

    public static JsonObject object(InputStream body) {
        return object(body, LIMIT);
    }

    /** The same, for a body of up to {@code limit} bytes. */
    public static JsonObject object(InputStream body, int limit) {
        byte[] bytes = readAtMost(body, limit);
        if (bytes.length == 0) {
            throw ApiException.badRequest("Request body is required (a JSON object)");
        }
        try (JsonParser parser = JsonSupport.PROVIDER.createParser(new ByteArrayInputStream(bytes))) {
            if (!parser.hasNext() || parser.next() != JsonParser.Event.START_OBJECT) {
                throw ApiException.badRequest("Request body must be a JSON object");
            }
            JsonObject object = parser.getObject();
            if (parser.hasNext()) {
                throw ApiException.badRequest("Malformed JSON: unexpected content after the object");
            }
            return object;
        } catch (JsonParsingException e) {
            throw ApiException.badRequest("Malformed JSON at line " + e.getLocation().getLineNumber() + ", column "
                    + e.getLocation().getColumnNumber());
        } catch (ApiException e) {
            throw e;
        } catch (RuntimeException e) {
            // e.g. nesting deeper than the parser allows: still the client's malformed input
            throw ApiException.badRequest("Malformed JSON");
        }
    }

    /** A string field; absent or {@code null} is empty, any other type is a 400. */
    public static Optional<String> string(JsonObject object, String field) {
        JsonValue value = object.get(field);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return Optional.empty();
        }
        if (!(value instanceof JsonString text)) {
            throw ApiException.badRequest("Field '" + field + "' must be a string");
        }
        return Optional.of(text.getString());
    }

    private static byte[] readAtMost(InputStream body, int limit) {
        if (body == null) {
            return new byte[0];
        }
        try {
            byte[] bytes = body.readNBytes(limit + 1);
            if (bytes.length > limit) {
                throw new ApiException(413, "Request body too large (limit " + limit / 1024 + " KB)");
            }
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A boolean field; absent or {@code null} is empty, any other type is a 400. */
    public static Optional<Boolean> bool(JsonObject object, String field) {
        JsonValue value = object.get(field);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return Optional.empty();
        }
        if (value != JsonValue.TRUE && value != JsonValue.FALSE) {
            throw ApiException.badRequest("Field '" + field + "' must be true or false");
        }
        return Optional.of(value == JsonValue.TRUE);
    }

    /** A whole-number field; absent or {@code null} is empty, anything else is a 400. */
    public static Optional<Long> number(JsonObject object, String field) {
        JsonValue value = object.get(field);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return Optional.empty();
        }
        if (!(value instanceof jakarta.json.JsonNumber number) || !number.isIntegral()) {
            throw ApiException.badRequest("Field '" + field + "' must be a whole number");
        }
        return Optional.of(number.longValue());
    }

    /** A field holding an array of strings; absent or {@code null} is empty, anything else is a 400. */
    public static Optional<java.util.List<String>> strings(JsonObject object, String field) {
        JsonValue value = object.get(field);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return Optional.empty();
        }
        if (!(value instanceof jakarta.json.JsonArray array)
                || !array.stream().allMatch(v -> v instanceof JsonString)) {
            throw ApiException.badRequest("Field '" + field + "' must be an array of strings");
        }
        return Optional.of(array.getValuesAs(JsonString.class).stream().map(JsonString::getString).toList());
    }

    /** A string field, stripped; absent, {@code null} or blank is empty. */
    public static Optional<String> text(JsonObject object, String field) {
        return string(object, field).map(String::strip).filter(s -> !s.isEmpty());
    }
}
