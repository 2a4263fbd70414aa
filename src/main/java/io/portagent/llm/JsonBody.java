package io.portagent.llm;

import jakarta.json.stream.JsonGenerator;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * A request body written as UTF-8 bytes from a streaming generator and from fragments rendered
 * earlier ({@link RenderedJson}): no JSON tree, no string of the whole body, no copy of it.
 * The result is the JSON one generator would have written: fields in the order given, no spaces.
 * Its own buffer, not a {@code ByteArrayOutputStream}: that one locks on every write, twice per
 * message of a context thousands of messages long.
 */
public final class JsonBody {

    private byte[] buf;
    private int count;
    /** The arrays added, written by {@link #finish()}. */
    private final List<Array> arrays = new ArrayList<>(2);

    private record Array(byte[] opening, List<byte[]> items) {
    }

    public JsonBody(int size) {
        buf = new byte[size];
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

    /**
     * Adds {@code "name":[…]}, the array's items being these fragments (empty ones left out). The
     * fragments are copied once, by {@link #finish()}, into a body of the exact size.
     */
    public JsonBody array(String name, List<byte[]> items) {
        arrays.add(new Array(("\"" + name + "\":[").getBytes(StandardCharsets.US_ASCII), items));
        return this;
    }

    /** Closes the body's object; its bytes. */
    public byte[] finish() {
        long size = count + 1L;
        for (Array array : arrays) {
            int written = 0;
            for (byte[] item : array.items) {
                size += item.length;
                written += item.length == 0 ? 0 : 1;
            }
            size += 2 + array.opening.length + Math.max(0, written - 1); // ',' before, ']' after, commas between
        }
        if (size > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("a request body of " + size + " bytes");
        }
        byte[] body = Arrays.copyOf(buf, (int) size);
        buf = body;
        for (Array array : arrays) {
            write(',');
            writeBytes(array.opening);
            boolean first = true;
            for (byte[] item : array.items) {
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
        }
        arrays.clear();
        write('}');
        return body;
    }

    /** The values a generator writes into an array, comma-separated, without the brackets (empty if none). */
    public static byte[] items(Consumer<JsonGenerator> values) {
        JsonBody out = new JsonBody(256);
        out.generate(json -> {
            json.writeStartArray();
            values.accept(json);
            json.writeEnd();
        });
        return Arrays.copyOfRange(out.buf, 1, out.count - 1);
    }

    private void generate(Consumer<JsonGenerator> write) {
        // through a Writer that encodes into this stream: a generator on an OutputStream would
        // allocate its own 8 KB encoder buffer, for every message of every request
        try (JsonGenerator json = Json.PROVIDER.createGenerator(new Utf8Writer())) {
            write.accept(json);
        }
    }

    /**
     * Characters to this stream's bytes as UTF-8. A generator hands its characters over in chunks,
     * which may end between the two halves of a surrogate pair: the first half waits for the next.
     */
    private final class Utf8Writer extends Writer {

        private char high;

        @Override
        public void write(char[] chars, int offset, int length) {
            int end = offset + length;
            if (high != 0 && length > 0) {
                boolean pair = Character.isLowSurrogate(chars[offset]);
                writeBytes((pair ? new String(new char[] {high, chars[offset]}) : String.valueOf(high))
                        .getBytes(StandardCharsets.UTF_8));
                high = 0;
                offset += pair ? 1 : 0;
            }
            int ascii = offset;
            while (ascii < end && chars[ascii] < 0x80) {
                ascii++;
            }
            ensureCapacity(ascii - offset);
            for (int i = offset; i < ascii; i++) {
                buf[count++] = (byte) chars[i];
            }
            if (ascii < end) {
                if (Character.isHighSurrogate(chars[end - 1])) {
                    high = chars[--end];
                }
                writeBytes(new String(chars, ascii, end - ascii).getBytes(StandardCharsets.UTF_8));
            }
        }

        @Override
        public void flush() {
        }

        /** A first half that never got its second is written as String writes it alone. */
        @Override
        public void close() {
            if (high != 0) {
                writeBytes(String.valueOf(high).getBytes(StandardCharsets.UTF_8));
                high = 0;
            }
        }
    }

    private void ensureCapacity(int more) {
        if (count + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, count + more));
        }
    }

    private void write(char ascii) {
        ensureCapacity(1);
        buf[count++] = (byte) ascii;
    }

    private void writeBytes(byte[] bytes) {
        ensureCapacity(bytes.length);
        System.arraycopy(bytes, 0, buf, count, bytes.length);
        count += bytes.length;
    }

}
