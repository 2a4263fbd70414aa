package io.portagent.llm;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The JSON a protocol rendered for messages of earlier requests, by value: a conversation's next
 * request repeats its history, so only the messages new since the last turn are rendered again.
 * Bounded by bytes, least recently used out first. A message equal to a cached one (same role,
 * same blocks, same text) is the same JSON, so a hit can never carry another message's content.
 */
public final class RenderedMessages {

    /** A message with its hash computed once, outside the cache's lock. */
    private record Key(LlmMessage message, int hash) {
        Key(LlmMessage message) {
            this(message, message.hashCode());
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && key.hash == hash && key.message.equals(message);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    private final long maxBytes;
    private final Map<Key, byte[]> rendered = new LinkedHashMap<>(256, 0.75f, true);
    private long bytes;

    public RenderedMessages(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /** The message's JSON, rendered by {@code render} unless an equal message's is kept. */
    public byte[] get(LlmMessage message, java.util.function.Function<LlmMessage, byte[]> render) {
        Key key = new Key(message);
        synchronized (this) {
            byte[] json = rendered.get(key);
            if (json != null) {
                return json;
            }
        }
        byte[] json = render.apply(message);
        synchronized (this) {
            if (json.length <= maxBytes && rendered.put(key, json) == null) {
                bytes += json.length;
                for (Iterator<byte[]> oldest = rendered.values().iterator(); bytes > maxBytes && oldest.hasNext(); ) {
                    bytes -= oldest.next().length;
                    oldest.remove();
                }
            }
        }
        return json;
    }

    synchronized int size() {
        return rendered.size();
    }
}
