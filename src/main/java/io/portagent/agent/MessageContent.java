package io.portagent.agent;

import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.io.StringReader;

/**
 * The JSON stored in {@code messages.content}, per subtype: user and assistant text as a JSON
 * string; a tool call as {@code {toolCallId, toolName, input}}; a tool result as
 * {@code {toolCallId, toolName, result, isError}}; an error as {@code {code, message}}.
 */
final class MessageContent {

    private static final JsonProvider JSON = JsonSupport.PROVIDER;

    private MessageContent() {
    }

    static String text(String text) {
        return JSON.createValue(text).toString();
    }

    static String toolCall(String id, String name, JsonValue input) {
        return JSON.createObjectBuilder().add("toolCallId", id).add("toolName", name).add("input", input).build()
                .toString();
    }

    static String toolResult(String id, String name, String result, boolean isError) {
        return JSON.createObjectBuilder().add("toolCallId", id).add("toolName", name).add("result", result)
                .add("isError", isError).build().toString();
    }

    static String error(String code, String message) {
        return JSON.createObjectBuilder().add("code", code).add("message", message).build().toString();
    }

    static JsonValue parse(String json) {
        try (JsonReader reader = JSON.createReader(new StringReader(json))) {
            return reader.readValue();
        }
    }

    static String textOf(String json) {
        String text = JsonText.unquote(json);
        if (text != null) {
            return text; // the usual case: a user's or the model's text, read without a parser
        }
        JsonValue value = parse(json);
        return value instanceof JsonString s ? s.getString() : value.toString();
    }

    static JsonObject objectOf(String json) {
        return parse(json).asJsonObject();
    }

    /** Parses a tool's input JSON; input the model garbled is kept as a string so nothing is lost. */
    static JsonValue input(String json) {
        try {
            return json == null || json.isBlank() ? JsonValue.EMPTY_JSON_OBJECT : parse(json);
        } catch (RuntimeException e) {
            return JSON.createValue(json);
        }
    }
}
