package io.portagent.llm;

import jakarta.json.stream.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.function.Consumer;

/**
 * A request body written as UTF-8 bytes from a streaming generator and from fragments rendered
 * earlier ({@link RenderedJson}): no JSON tree, no string of the whole body, no copy of it.
 * The result is the JSON one generator would have written: fields in the order given, no spaces.
 */
public final class JsonBody extends ByteArrayOutputStream {

    public JsonBody(int size) {
        super(size);
    }

    /** Starts the body's object with these fields; the object stays open. */
    public JsonBody open(Consumer<JsonGenerator> fields) {
        generate(json -> {
            json.writeStartObject();
            fields.accept(json);
            json.writeEnd();
        });
        count--; // the closing brace: the body goes on
        return this;
    }

    /** Adds {@code "name":[…]}, the array's items being these fragments (empty ones left out). */
    public JsonBody array(String name, List<byte[]> items) {
        long size = name.length() + 6L + items.size();
        for (byte[] item : items) {
            size += item.length;
        }
        if (count + size > buf.length) { // one copy to the size needed, not one per doubling
            buf = java.util.Arrays.copyOf(buf, (int) Math.min(Integer.MAX_VALUE - 8, count + size + 4096));
        }
        raw(",\"" + name + "\":[");
        boolean first = true;
        for (byte[] item : items) {
            if (item.length == 0) {
                continue;
            }
            if (!first) {
                write(',');
            }
            first = false;
            writeBytes(item);
        }
        write(']');
        return this;
    }

    /** Closes the body's object; its bytes. */
    public byte[] finish() {
        write('}');
        return toByteArray();
    }

    /** The values a generator writes into an array, comma-separated, without the brackets (empty if none). */
    public static byte[] items(Consumer<JsonGenerator> values) {
        JsonBody out = new JsonBody(256);
        out.generate(json -> {
            json.writeStartArray();
            values.accept(json);
            json.writeEnd();
        });
        return java.util.Arrays.copyOfRange(out.buf, 1, out.count - 1);
    }

    private void generate(Consumer<JsonGenerator> write) {
        try (JsonGenerator json = Json.PROVIDER.createGenerator(this)) { // closing a byte array stream does nothing
            write.accept(json);
        }
    }

    private void raw(String ascii) {
        writeBytes(ascii.getBytes(StandardCharsets.US_ASCII));
    }
}
