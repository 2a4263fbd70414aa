package io.portagent.llm.anthropic;

import io.portagent.llm.StreamEvent;
import java.nio.charset.StandardCharsets;

/**
 * Reads a text delta without a JSON parser. Nearly every event of an answer is a
 * {@code content_block_delta} of exactly one shape,
 * {@code {"type":"content_block_delta","index":N,"delta":{"type":"text_delta","text":"..."}}},
 * and all a reader needs of it is the index and the text. Anything else (another member order,
 * whitespace, an extra member, a malformed escape) returns null, and the decoder parses the event
 * in full as before: this only ever recognises what the full parse would read the same way.
 */
final class TextDeltaScan {

    private static final byte[] HEAD = ascii("{\"type\":\"content_block_delta\",\"index\":");
    private static final byte[] MIDDLE = ascii(",\"delta\":{\"type\":\"text_delta\",\"text\":\"");
    private static final byte[] TAIL = ascii("}}");

    private TextDeltaScan() {
    }

    /** The text delta in {@code data[0, length)}, or null when it is not in the one known shape. */
    static StreamEvent.TextDelta scan(byte[] data, int length) {
        if (!startsWith(data, length, 0, HEAD)) {
            return null;
        }
        int at = HEAD.length;
        int index = 0;
        int digits = 0;
        while (at < length && data[at] >= '0' && data[at] <= '9' && digits < 9) {
            index = index * 10 + (data[at++] - '0');
            digits++;
        }
        if (digits == 0 || (digits > 1 && data[HEAD.length] == '0') || !startsWith(data, length, at, MIDDLE)) {
            return null;
        }
        int start = at + MIDDLE.length;
        int end = start;
        boolean escaped = false;
        while (end < length && data[end] != '"') {
            byte b = data[end];
            if (b == '\\') {
                escaped = true;
                end += 2; // the escaped character cannot end the string
            } else if (b >= 0 && b < 0x20) {
                return null; // a raw control character: invalid JSON, the full parse says so
            } else {
                end++;
            }
        }
        if (end >= length || end + 1 + TAIL.length != trimmedLength(data, length)
                || !startsWith(data, length, end + 1, TAIL)) {
            return null;
        }
        String text = escaped ? unescape(data, start, end) : new String(data, start, end - start,
                StandardCharsets.UTF_8);
        return text == null ? null : new StreamEvent.TextDelta(index, text);
    }

    /** The JSON string body {@code data[start, end)} with its escapes resolved, or null if one is malformed. */
    private static String unescape(byte[] data, int start, int end) {
        StringBuilder out = new StringBuilder(end - start);
        int run = start;
        int at = start;
        while (at < end) {
            if (data[at] != '\\') {
                at++;
                continue;
            }
            out.append(new String(data, run, at - run, StandardCharsets.UTF_8));
            if (at + 1 >= end) {
                return null;
            }
            byte kind = data[at + 1];
            switch (kind) {
                case '"', '\\', '/' -> out.append((char) kind);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' -> {
                    int code = hex(data, at + 2, end);
                    if (code < 0) {
                        return null;
                    }
                    out.append((char) code);
                    at += 4;
                }
                default -> {
                    return null;
                }
            }
            at += 2;
            run = at;
        }
        return out.append(new String(data, run, end - run, StandardCharsets.UTF_8)).toString();
    }

    private static int hex(byte[] data, int at, int end) {
        if (at + 4 > end) {
            return -1;
        }
        int code = 0;
        for (int i = at; i < at + 4; i++) {
            int digit = Character.digit(data[i], 16);
            if (digit < 0) {
                return -1;
            }
            code = code * 16 + digit;
        }
        return code;
    }

    /** The length without trailing whitespace (SSE data lines may end in a stray space or CR). */
    private static int trimmedLength(byte[] data, int length) {
        while (length > 0 && (data[length - 1] == ' ' || data[length - 1] == '\r' || data[length - 1] == '\n'
                || data[length - 1] == '\t')) {
            length--;
        }
        return length;
    }

    private static boolean startsWith(byte[] data, int length, int at, byte[] prefix) {
        if (at + prefix.length > length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (data[at + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
