package io.portagent.llm;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

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

    /** The JSON of each message, rendered by {@code render} where no equal message's is kept. */
    public List<byte[]> all(List<LlmMessage> messages, Function<LlmMessage, byte[]> render) {
        List<Key> keys = new ArrayList<>(messages.size());
        messages.forEach(m -> keys.add(new Key(m)));
        byte[][] json = new byte[keys.size()][];
        synchronized (this) { // one lock for the lookups of a whole request
            for (int i = 0; i < json.length; i++) {
                json[i] = rendered.get(keys.get(i));
            }
        }
        for (int i = 0; i < json.length; i++) {
            if (json[i] == null) {
                json[i] = render.apply(messages.get(i));
                keep(keys.get(i), json[i]);
            }
        }
        return Arrays.asList(json);
    }

    private synchronized void keep(Key key, byte[] json) {
        if (json.length <= maxBytes && rendered.put(key, json) == null) {
            bytes += json.length;
            for (Iterator<byte[]> oldest = rendered.values().iterator(); bytes > maxBytes && oldest.hasNext(); ) {
                bytes -= oldest.next().length;
                oldest.remove();
            }
        }
    }
}
