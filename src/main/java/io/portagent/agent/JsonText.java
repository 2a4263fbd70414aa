package io.portagent.agent;

/**
 * Writes a JSON string literal by hand, for the one event that is sent far more often than any
 * other: a text delta is a fixed frame around one string, and building a JSON-P object for it
 * and generating it again cost more than everything else done per delta. Escapes what JSON
 * requires (quote, backslash, control characters) and nothing else, as JSON-P's generator does.
 */
final class JsonText {

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private JsonText() {
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
