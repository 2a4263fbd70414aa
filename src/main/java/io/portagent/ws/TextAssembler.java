package io.portagent.ws;

/**
 * Joins the parts of one text message, up to a limit in characters. The endpoint takes messages
 * in parts so that Tomcat keeps only its small default buffer per socket: asked to deliver whole
 * messages of up to {@code WS_MAX_FRAME_CHARS}, it grows each socket's decode buffer to that
 * size (2 MB at the default) once the socket has received anything. A message that fits one part,
 * as every normal request does, is passed through without copying.
 */
final class TextAssembler {

    private final int limit;
    private StringBuilder parts;
    private boolean tooBig;

    TextAssembler(int limit) {
        this.limit = limit;
    }

    /** Whether a part arrived after which the message can no longer be within the limit. */
    boolean tooBig() {
        return tooBig;
    }

    /**
     * Adds a part; returns the whole message with the last part, else null. Past the limit it
     * returns null and {@link #tooBig()} turns true; the rest of that message is dropped.
     */
    String add(String part, boolean last) {
        if (tooBig) {
            return null;
        }
        if (parts == null && last && part.length() <= limit) {
            return part;
        }
        int length = (parts == null ? 0 : parts.length()) + part.length();
        if (length > limit) {
            tooBig = true;
            parts = null;
            return null;
        }
        if (parts == null) {
            parts = new StringBuilder(Math.min(limit, 2 * part.length()));
        }
        parts.append(part);
        if (!last) {
            return null;
        }
        String message = parts.toString();
        parts = null;
        return message;
    }
}
