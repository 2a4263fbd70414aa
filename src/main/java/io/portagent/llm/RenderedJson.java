package io.portagent.llm;

import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The JSON a protocol rendered for parts of earlier requests, by value: a conversation's next
 * request repeats its history, so only the messages new since the last turn are rendered again;
 * every request declares the same tools, so their schemas are parsed and written once. Bounded
 * by bytes, least recently used out first; the JSON a message also carries itself lives as long
 * as the message (in a conversation's kept context window, whose cache counts it). A value equal
 * to a cached one (a message with the same role, blocks and text; a tool with the same name,
 * description and schema) is the same JSON, so a hit can never carry another value's content.
 *
 * @param <T> what is rendered: a record or another type whose {@code equals} compares values
 */
public final class RenderedJson<T> {

    /** A value with its hash computed once, outside the cache's lock. */
    private record Key(Object value, int hash) {
        Key(Object value) {
            this(value, value.hashCode());
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof Key key && key.hash == hash && key.value.equals(value);
        }

        @Override
        public int hashCode() {
            return hash;
        }
    }

    private final long maxBytes;
    private final Map<Key, byte[]> rendered = new LinkedHashMap<>(256, 0.75f, true);
    private long bytes;

    public RenderedJson(long maxBytes) {
        this.maxBytes = maxBytes;
    }

    /**
     * The JSON of each value, rendered by {@code render} where no equal value's is kept. A message
     * ({@link LlmMessage}) that this cache served before carries its JSON itself: found without
     * a hash or a lock (a conversation's next request passes mostly the same message objects).
     */
    public List<byte[]> all(List<? extends T> values, Function<T, byte[]> render) {
        byte[][] json = new byte[values.size()][];
        int missing = 0;
        for (int i = 0; i < json.length; i++) {
            if (values.get(i) instanceof LlmMessage message) {
                json[i] = message.renderedBy(this);
            }
            missing += json[i] == null ? 1 : 0;
        }
        if (missing == 0) {
            return Arrays.asList(json);
        }
        Key[] keys = new Key[json.length];
        for (int i = 0; i < json.length; i++) {
            keys[i] = json[i] == null ? new Key(values.get(i)) : null;
        }
        synchronized (this) { // one lock for the lookups of a whole request
            for (int i = 0; i < json.length; i++) {
                if (keys[i] != null) {
                    json[i] = rendered.get(keys[i]);
                }
            }
        }
        for (int i = 0; i < json.length; i++) {
            if (keys[i] == null) {
                continue;
            }
            if (json[i] == null) {
                json[i] = render.apply(values.get(i));
                keep(keys[i], json[i]);
            }
            if (values.get(i) instanceof LlmMessage message) {
                message.rendered(this, json[i]);
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
