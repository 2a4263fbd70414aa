package io.portagent.agent;

/**
 * Writes a JSON string literal by hand, for the one event that is sent far more often than any
 * other: a text delta is a fixed frame around one string, and building a JSON-P object for it
 * and generating it again cost more than everything else done per delta. Escapes what JSON
 * requires (quote, backslash, control characters) and nothing else, as JSON-P's generator does.
 * And reads one back: a stored user or assistant message is a JSON string, and a turn reads
 * thousands of them for its context, where a JSON-P reader per message cost more than the rest.
 */
final class JsonText {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsonText() {
    }

    /**
     * The value of {@code json} when it is exactly one JSON string literal (optional whitespace
     * around it); null when it is anything else, or not valid JSON, for a JSON-P parser to judge.
     */
    static String unquote(String json) {
        int start = 0;
        int end = json.length();
        while (start < end && isSpace(json.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(json.charAt(end - 1))) {
            end--;
        }
        if (end - start < 2 || json.charAt(start) != '"' || json.charAt(end - 1) != '"') {
            return null;
        }
        int from = start + 1;
        int to = end - 1;
        StringBuilder out = null;
        int run = from;
        for (int i = from; i < to; i++) {
            char c = json.charAt(i);
            if (c == '"' || c < 0x20) {
                return null; // a quote inside, or a raw control character: not one valid literal
            }
            if (c != '\\') {
                continue;
            }
            if (i + 1 >= to) {
                return null;
            }
            if (out == null) {
                out = new StringBuilder(to - from);
            }
            out.append(json, run, i);
            char e = json.charAt(++i);
            switch (e) {
                case '"', '\\', '/' -> out.append(e);
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'u' -> {
                    if (i + 4 >= to) {
                        return null;
                    }
                    int code = 0;
                    for (int k = 1; k <= 4; k++) {
                        int digit = Character.digit(json.charAt(i + k), 16);
                        if (digit < 0) {
                            return null;
                        }
                        code = code * 16 + digit;
                    }
                    out.append((char) code);
                    i += 4;
                }
                default -> {
                    return null;
                }
            }
            run = i + 1;
        }
        return out == null ? json.substring(from, to) : out.append(json, run, to).toString();
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\r';
    }

    /** Whether {@code text} goes into a JSON string as it is (nothing in it to escape). */
    static boolean isPlain(String text) {
        for (int i = 0, length = text.length(); i < length; i++) {
            char c = text.charAt(i);
            if (c < 0x20 || c == '"' || c == '\\') {
                return false;
            }
        }
        return true;
    }

    /** Appends {@code text} as a quoted JSON string. */
    static StringBuilder quote(StringBuilder out, String text) {
        out.append('"');
        int run = 0;
        int length = text.length();
        for (int i = 0; i < length; i++) {
            char c = text.charAt(i);
            if (c >= 0x20 && c != '"' && c != '\\') {
                continue;
            }
            out.append(text, run, i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
            run = i + 1;
        }
        return out.append(text, run, length).append('"');
    }
}
