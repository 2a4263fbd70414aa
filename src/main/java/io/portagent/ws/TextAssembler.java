package io.portagent.ws;

/**
 * Joins the parts of one text message, up to a limit in characters. The endpoint takes messages
 * in parts so that Tomcat keeps only its small default buffer per socket: asked to deliver whole
 * messages of up to {@code WS_MAX_FRAME_CHARS}, it grows each socket's decode buffer to that
 * size (2 MB at the default) once the socket has received anything. A message that fits one part,
 * as every normal request does, is passed through without copying.
 */
final class TextAssembler {

    /**
     * Of a message past the limit, at most this many times the limit is read (and dropped) while
     * waiting for its end before the socket is closed anyway.
     */
    static final int DRAIN_LIMITS = 8;

    private final int limit;
    private StringBuilder parts;
    private boolean tooBig;
    private long dropped;
    private boolean droppedToTheEnd;

    TextAssembler(int limit) {
        this.limit = limit;
    }

    /** Whether a part arrived after which the message can no longer be within the limit. */
    boolean tooBig() {
        return tooBig;
    }

    /**
     * Whether to close the socket now for a message past the limit: once it has been read to its
     * end, or once it has gone on for {@link #DRAIN_LIMITS} times the limit. Not earlier: a close
     * while the client is still sending that message can reach it as a bare reset (1006) instead
     * of the 1009 close frame.
     */
    boolean closeNow() {
        return tooBig && (droppedToTheEnd || dropped > (long) DRAIN_LIMITS * limit);
    }

    /**
     * Adds a part; returns the whole message with the last part, else null. Past the limit it
     * returns null and {@link #tooBig()} turns true; the rest of that message is dropped.
     */
    String add(String part, boolean last) {
        if (tooBig) {
            dropped += part.length();
            droppedToTheEnd |= last;
            return null;
        }
        if (parts == null && last && part.length() <= limit) {
            return part;
        }
        int length = (parts == null ? 0 : parts.length()) + part.length();
        if (length > limit) {
            tooBig = true;
            parts = null;
            dropped = length;
            droppedToTheEnd = last;
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
