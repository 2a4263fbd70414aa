package io.portagent.agent;

import jakarta.json.JsonValue;

/** One message of a JSON export to import: its subtype, its content as the export has it, its time. */
public record ImportedMessage(String subtype, JsonValue content, long timestamp) {
}
