package io.portagent.tools;

import io.portagent.agent.JsonSupport;
import jakarta.json.JsonException;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.StringReader;

/** A tool call's input object, with typed getters whose errors tell the model what to send. */
final class ToolInput {

    private final JsonObject json;

    private ToolInput(JsonObject json) {
        this.json = json;
    }

    static ToolInput parse(String inputJson) {
        if (inputJson == null || inputJson.isBlank()) {
            return new ToolInput(JsonValue.EMPTY_JSON_OBJECT);
        }
        try (JsonReader reader = JsonSupport.PROVIDER.createReader(new StringReader(inputJson))) {
            return new ToolInput(reader.readObject());
        } catch (JsonException | IllegalStateException e) {
            throw new ToolException("The tool input is not a JSON object; send the parameters the schema lists.");
        }
    }

    String requiredString(String name) {
        JsonValue value = json.get(name);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            throw new ToolException("The parameter '" + name + "' is required.");
        }
        return string(name, value);
    }

    String optionalString(String name, String fallback) {
        JsonValue value = json.get(name);
        return value == null || value.getValueType() == JsonValue.ValueType.NULL ? fallback : string(name, value);
    }

    boolean bool(String name, boolean fallback) {
        JsonValue value = json.get(name);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return fallback;
        }
        if (value == JsonValue.TRUE || value == JsonValue.FALSE) {
            return value == JsonValue.TRUE;
        }
        throw new ToolException("The parameter '" + name + "' must be true or false.");
    }

    /** An optional whole number from {@code min} to {@code max}; {@code fallback} when absent. */
    int integer(String name, int fallback, int min, int max) {
        JsonValue value = json.get(name);
        if (value == null || value.getValueType() == JsonValue.ValueType.NULL) {
            return fallback;
        }
        if (value instanceof JsonNumber number && number.isIntegral()
                && number.longValue() >= min && number.longValue() <= max) {
            return number.intValue();
        }
        throw new ToolException("The parameter '" + name + "' must be a whole number from " + min + " to " + max + ".");
    }

    private static String string(String name, JsonValue value) {
        if (value instanceof JsonString text) {
            return text.getString();
        }
        throw new ToolException("The parameter '" + name + "' must be a string.");
    }
}
