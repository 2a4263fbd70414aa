package io.portagent.agent;

/**
 * A flat JSON object written straight into a string, for the small objects of fixed shape on a
 * turn's path (event data, notices to a user's sockets), where a JSON-P builder and its writer
 * cost more than the rest of the work. The text is what JSON-P writes for the same fields in the
 * same order: no spaces, strings escaped as its generator escapes them ({@link JsonText#quote}).
 * Names are the caller's constants and are written as given.
 */
public final class JsonFields {

    private final StringBuilder json = new StringBuilder(96).append('{');

    /** A string field; null writes JSON's {@code null}. */
    public JsonFields add(String name, String value) {
        if (value == null) {
            name(name).append("null");
        } else {
            JsonText.quote(name(name), value);
        }
        return this;
    }

    public JsonFields add(String name, long value) {
        name(name).append(value);
        return this;
    }

    public JsonFields add(String name, boolean value) {
        name(name).append(value);
        return this;
    }

    /** A field whose value is JSON already written (an object, an array). */
    public JsonFields addJson(String name, String value) {
        name(name).append(value);
        return this;
    }

    /** The object's text; the builder is done. */
    public String build() {
        return json.append('}').toString();
    }

    private StringBuilder name(String name) {
        if (json.length() > 1) {
            json.append(',');
        }
        return json.append('"').append(name).append("\":");
    }
}
