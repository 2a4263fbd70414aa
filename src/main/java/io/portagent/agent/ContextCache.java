package io.portagent.agent;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The context windows of the sessions that had a turn lately ({@link ContextWindow}), so that a
 * turn in a long conversation reads only what was written since the last one. Bounded by the
 * characters kept: the least recently used windows go first. A window is taken out while its
 * session's turn reads it and put back after, so a turn never shares one with another thread.
 */
final class ContextCache {

    /**
     * About 16 to 32 MB at most (a character takes one byte or two): about ten full windows of the
     * default 400,000-character budget (see {@link ContextWindow.Sized#memory()}), thousands of short ones.
     */
    static final long MAX_CHARS = 16_000_000;

    private final long maxChars;
    private final Map<String, ContextWindow.Kept> windows = new LinkedHashMap<>(64, 0.75f, true);
    private long chars;
    private long reused;

    ContextCache() {
        this(MAX_CHARS);
    }

    ContextCache(long maxChars) {
        this.maxChars = maxChars;
    }

    synchronized ContextWindow.Kept take(String sessionId) {
        ContextWindow.Kept kept = windows.remove(sessionId);
        if (kept != null) {
            chars -= kept.memoryChars();
        }
        return kept;
    }

    synchronized void put(String sessionId, ContextWindow.Kept kept) {
        long size = kept.memoryChars();
        if (size > maxChars) {
            return;
        }
        ContextWindow.Kept previous = windows.put(sessionId, kept);
        chars += size - (previous == null ? 0 : previous.memoryChars());
        for (Iterator<ContextWindow.Kept> oldest = windows.values().iterator(); chars > maxChars && oldest.hasNext(); ) {
            chars -= oldest.next().memoryChars();
            oldest.remove();
        }
    }

    synchronized int size() {
        return windows.size();
    }

    /** A kept window held and was extended instead of read again. */
    synchronized void reusedOne() {
        reused++;
    }

    /** How many times that happened (for tests and diagnostics). */
    synchronized long reused() {
        return reused;
    }
}
