package io.portagent.testing;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * One HTTP request as {@link FakeAnthropic} received it, for assertions: method, path, query,
 * headers (names case-insensitive), and the raw body.
 *
 * @param connectionId    which TCP connection carried it (same id: the connection was reused)
 * @param method          e.g. {@code POST}
 * @param path            the request target without the query, e.g. {@code /v1/messages}
 * @param query           the part after {@code ?}, or {@code ""}
 * @param headers         all header values by name; lookups ignore case
 * @param body            the body decoded as UTF-8, {@code ""} if none
 * @param receivedAtNanos {@link System#nanoTime()} once the body had been read
 */
public record RecordedRequest(int connectionId, String method, String path, String query,
        Map<String, List<String>> headers, String body, long receivedAtNanos) {

    public RecordedRequest {
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
        headers = Collections.unmodifiableMap(copy); // keeps the TreeMap's case-insensitive get
    }

    static RecordedRequest of(int connectionId, String method, String target,
            Map<String, List<String>> headers, String body) {
        int question = target.indexOf('?');
        String path = question < 0 ? target : target.substring(0, question);
        String query = question < 0 ? "" : target.substring(question + 1);
        return new RecordedRequest(connectionId, method, path, query, headers, body, System.nanoTime());
    }

    /** The first value of a header, or null if absent; the name is case-insensitive. */
    public String header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    /** Every value of a header in arrival order, empty if absent. */
    public List<String> headerValues(String name) {
        return headers.getOrDefault(name, List.of());
    }

    /** The body parsed as a JSON object; throws {@link jakarta.json.JsonException} if it is not one. */
    public JsonObject bodyJson() {
        try (JsonReader reader = Json.createReader(new StringReader(body))) {
            return reader.readObject();
        }
    }
}
