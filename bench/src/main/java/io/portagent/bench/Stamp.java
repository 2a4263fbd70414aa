package io.portagent.bench;

/**
 * A delta's send time, written into its text as {@code s<nanos>} by {@link StampedLlm} and read
 * back by the readers. {@link System#nanoTime()} is one clock only inside one JVM, which is why
 * the fake model and every reader share the bench's JVM (the server is another process).
 */
final class Stamp {

    /** Where a delta's text starts: Anthropic's {@code text_delta}, or OpenAI's {@code delta.content}. */
    private static final String MARK = "\"text\":\"s";
    private static final String OPENAI_MARK = "\"content\":\"s";

    private Stamp() {
    }

    /** Where each later stamp of a joined text starts: the previous delta's words end, its {@code s} follows. */
    private static final String NEXT = "dolors";

    static String render(long nanos) {
        return "s" + nanos;
    }

    /**
     * The stamp inside the first {@code "text":"s<digits>} (or {@code "content":"s<digits>}) of a JSON text, or -1 when none. A
     * scan, not a JSON parse: a reader must not be slower than what it measures.
     */
    static long find(String json) {
        int at = json.indexOf(MARK);
        int i = at >= 0 ? at + MARK.length() : json.indexOf(OPENAI_MARK) + OPENAI_MARK.length();
        if (i < OPENAI_MARK.length()) {
            return -1;
        }
        boolean negative = i < json.length() && json.charAt(i) == '-';
        if (negative) {
            i++;
        }
        long value = 0;
        int digits = 0;
        for (; i < json.length() && Character.isDigit(json.charAt(i)); i++, digits++) {
            value = value * 10 + (json.charAt(i) - '0');
        }
        return digits == 0 ? -1 : negative ? -value : value;
    }

    /**
     * Every stamp of a portal text delta, in order: the portal joins the deltas that reach it in one
     * network read ({@code TextCoalescer}), so one frame can carry several; each counts as one delta,
     * received when the frame is.
     */
    static long[] all(String json) {
        long first = find(json);
        if (first < 0) {
            return new long[] {-1};
        }
        long[] stamps = {first};
        int count = 1;
        for (int at = json.indexOf(NEXT); at >= 0; at = json.indexOf(NEXT, at + NEXT.length())) {
            int i = at + NEXT.length();
            boolean negative = i < json.length() && json.charAt(i) == '-';
            long value = 0;
            int digits = 0;
            for (i += negative ? 1 : 0; i < json.length() && Character.isDigit(json.charAt(i)); i++, digits++) {
                value = value * 10 + (json.charAt(i) - '0');
            }
            if (digits > 0) {
                if (count == stamps.length) {
                    stamps = java.util.Arrays.copyOf(stamps, count * 2);
                }
                stamps[count++] = negative ? -value : value;
            }
        }
        return java.util.Arrays.copyOf(stamps, count);
    }
}
