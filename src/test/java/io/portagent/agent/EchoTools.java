package io.portagent.agent;

import io.portagent.llm.ToolSpec;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.util.List;

/** A real tool registry with one tool, {@code echo}, for exercising the turn loop. */
final class EchoTools implements ToolRegistry {

    @Override
    public List<ToolSpec> specs(ToolContext context) {
        return List.of(new ToolSpec("echo", "Repeats the text it is given.",
                "{\"type\":\"object\",\"properties\":{\"text\":{\"type\":\"string\"}},\"required\":[\"text\"]}"));
    }

    @Override
    public ToolOutcome call(ToolContext context, String name, String inputJson) {
        if (!"echo".equals(name)) {
            return new ToolOutcome("Unknown tool: " + name, true);
        }
        JsonObject input = Json.createReader(new StringReader(inputJson)).readObject();
        return new ToolOutcome("echo: " + input.getString("text", ""), false);
    }
}
