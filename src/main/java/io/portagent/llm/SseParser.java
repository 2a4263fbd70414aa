package io.portagent.llm;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An incremental Server-Sent Events parser (the WHATWG event-stream format) working on bytes:
 * chunks may split anywhere, inside a UTF-8 sequence or between CR and LF, because only complete
 * lines are interpreted and data is decoded once per event. LF, CRLF and CR end lines; comment
 * lines ({@code :...}) and fields other than {@code event} and {@code data} are ignored;
 * {@code data} lines join with LF; a blank line dispatches. A partial event at the end of the
 * stream is dropped, as the format requires.
 *
 * <p>Hot path, so allocation-light: the line, data and event-name buffers are reused, and
 * event names are interned in a small table. Not thread-safe; one parser per stream.
 */
final class SseParser {

    /** Receives each complete event. */
    interface Handler {
        /**
         * One event. {@code data} holds the UTF-8 payload in {@code [0, length)} and is reused
         * after this call returns. {@code event} is {@code "message"} when the event named none.
         */
        void onEvent(String event, byte[] data, int length) throws IOException;
    }

    /** An event or line larger than the configured limit: the stream is not what we expect. */
    static final class TooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        TooLargeException(int limit) {
            super("an SSE event exceeded " + limit + " bytes");
        }
    }

    private static final byte[] DATA = {'d', 'a', 't', 'a'};
    private static final byte[] EVENT = {'e', 'v', 'e', 'n', 't'};
    private static final String DEFAULT_EVENT = "message";
    private static final int NAME_CACHE_SIZE = 16;

    private final Handler handler;
    private final int maxEventBytes;
    private byte[] line = new byte[256];
    private int lineLength;
    private byte[] data = new byte[1024];
    private int dataLength;
    private boolean hasData;
    private byte[] eventName = new byte[32];
    private int eventNameLength;
    private boolean skipLineFeed;
    private boolean firstLine = true;
    private final byte[][] nameKeys = new byte[NAME_CACHE_SIZE][];
    private final String[] nameValues = new String[NAME_CACHE_SIZE];

    SseParser(Handler handler, int maxEventBytes) {
        this.handler = handler;
        this.maxEventBytes = maxEventBytes;
    }

    /** Consumes every remaining byte of {@code chunk}, dispatching the events it completes. */
    void feed(ByteBuffer chunk) throws IOException {
        while (chunk.hasRemaining()) {
            if (skipLineFeed) {
                skipLineFeed = false;
                if (chunk.get(chunk.position()) == '\n') {
                    chunk.position(chunk.position() + 1);
                    continue;
                }
            }
            int start = chunk.position();
            int end = lineEnd(chunk, start);
            appendToLine(chunk, start, end - start);
            if (end == chunk.limit()) {
                chunk.position(end);
                return;
            }
            skipLineFeed = chunk.get(end) == '\r';
            chunk.position(end + 1);
            endLine();
        }
    }

    private static int lineEnd(ByteBuffer chunk, int from) {
        int limit = chunk.limit();
        for (int i = from; i < limit; i++) {
            byte b = chunk.get(i);
            if (b == '\n' || b == '\r') {
                return i;
            }
        }
        return limit;
    }

    private void appendToLine(ByteBuffer chunk, int from, int count) throws TooLargeException {
        line = ensure(line, lineLength + count);
        chunk.get(from, line, lineLength, count);
        lineLength += count;
    }

    private void endLine() throws IOException {
        int start = firstLine ? skipByteOrderMark() : 0;
        firstLine = false;
        if (lineLength == 0) {
            dispatch();
        } else if (line[start] != ':') {
            field(start);
        }
        lineLength = 0;
    }

    /** A UTF-8 BOM may precede the first line only. */
    private int skipByteOrderMark() {
        boolean bom = lineLength >= 3 && line[0] == (byte) 0xEF && line[1] == (byte) 0xBB && line[2] == (byte) 0xBF;
        if (bom && lineLength == 3) {
            lineLength = 0;
        }
        return bom ? 3 : 0;
    }

    private void field(int start) throws TooLargeException {
        int colon = indexOf(line, ':', start, lineLength);
        int nameEnd = colon < 0 ? lineLength : colon;
        int value = colon < 0 ? lineLength : colon + 1;
        if (value < lineLength && line[value] == ' ') {
            value++;
        }
        if (regionEquals(DATA, start, nameEnd)) {
            appendData(value);
        } else if (regionEquals(EVENT, start, nameEnd)) {
            eventName = ensure(eventName, lineLength - value);
            eventNameLength = lineLength - value;
            System.arraycopy(line, value, eventName, 0, eventNameLength);
        }
    }

    private void appendData(int from) throws TooLargeException {
        int count = lineLength - from;
        data = ensure(data, dataLength + count + 1);
        if (hasData) {
            data[dataLength++] = '\n';
        }
        System.arraycopy(line, from, data, dataLength, count);
        dataLength += count;
        hasData = true;
    }

    private void dispatch() throws IOException {
        if (hasData) {
            String name = eventNameLength == 0 ? DEFAULT_EVENT : internName();
            int length = dataLength;
            hasData = false;
            dataLength = 0;
            eventNameLength = 0;
            handler.onEvent(name, data, length);
        }
        eventNameLength = 0;
    }

    /** A stream uses a handful of event names; reuse their Strings instead of decoding each time. */
    private String internName() {
        for (int i = 0; i < NAME_CACHE_SIZE && nameKeys[i] != null; i++) {
            if (Arrays.equals(nameKeys[i], 0, nameKeys[i].length, eventName, 0, eventNameLength)) {
                return nameValues[i];
            }
        }
        String name = new String(eventName, 0, eventNameLength, StandardCharsets.UTF_8);
        for (int i = 0; i < NAME_CACHE_SIZE; i++) {
            if (nameKeys[i] == null) {
                nameKeys[i] = Arrays.copyOf(eventName, eventNameLength);
                nameValues[i] = name;
                break;
            }
        }
        return name;
    }

    private boolean regionEquals(byte[] expected, int from, int to) {
        return Arrays.equals(expected, 0, expected.length, line, from, to);
    }

    private static int indexOf(byte[] bytes, char wanted, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        return -1;
    }

    private byte[] ensure(byte[] buffer, int needed) throws TooLargeException {
        if (needed <= buffer.length) {
            return buffer;
        }
        if (needed > maxEventBytes) {
            throw new TooLargeException(maxEventBytes);
        }
        return Arrays.copyOf(buffer, Math.min(maxEventBytes, Math.max(needed, buffer.length * 2)));
    }
}
