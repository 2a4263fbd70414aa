package io.portagent.llm;

import java.util.Objects;

/**
 * A tool the model may call, as declared in the request's {@code tools} array.
 *
 * @param name            the name the model uses in {@code tool_use}
 * @param description     what the tool does, for the model
 * @param inputSchemaJson the JSON Schema object of the tool's input, as JSON text
 */
public record ToolSpec(String name, String description, String inputSchemaJson) {

    public ToolSpec {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(inputSchemaJson, "inputSchemaJson");
    }
}
