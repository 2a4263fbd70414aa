package io.portagent.agent;

import io.portagent.store.MessageSearch;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The sidebar's search in what was said: the caller's conversations whose user or assistant
 * messages contain the words, newest hit first, one hit per conversation, with the hit and a
 * little text around it (plain text: the browser shows it as text, never as markup).
 */
public final class ContentSearch {

    /** The longest query taken, in characters. */
    public static final int MAX_QUERY = 200;
    private static final int MAX_CONVERSATIONS = 50;
    private static final int MAX_MESSAGES = 400;
    private static final int BEFORE = 24;
    private static final int AFTER = 60;

    /** A conversation's newest message with the words: the text before the hit, the hit, the text after. */
    public record Hit(String conversationId, String before, String match, String after, long timestamp) {
    }

    private final MessageSearch search;

    ContentSearch(MessageSearch search) {
        this.search = search;
    }

    public List<Hit> find(Caller caller, String query) {
        String words = query == null ? "" : query.strip();
        if (words.isEmpty()) {
            return List.of();
        }
        if (words.length() > MAX_QUERY) {
            throw new AgentException("invalid_request", "A search is at most " + MAX_QUERY + " characters.");
        }
        String stored = MessageContent.text(words);
        stored = stored.substring(1, stored.length() - 1); // as it sits inside the stored JSON string
        List<MessageSearch.Match> matches = search.find(caller.containerId(), stored, MAX_MESSAGES);
        Set<String> seen = new LinkedHashSet<>();
        List<Hit> hits = new ArrayList<>();
        for (MessageSearch.Match m : matches) {
            if (hits.size() < MAX_CONVERSATIONS && !seen.contains(m.conversationId())) {
                Hit hit = hit(m, words);
                if (hit != null) {
                    seen.add(m.conversationId());
                    hits.add(hit);
                }
            }
        }
        return hits;
    }

    /** Null when the words are only in the JSON's escapes, not in the text a person reads. */
    private static Hit hit(MessageSearch.Match m, String words) {
        String text = MessageContent.textOf(m.content());
        int at = text.toLowerCase(Locale.ROOT).indexOf(words.toLowerCase(Locale.ROOT));
        if (at < 0 || at + words.length() > text.length()) {
            return null;
        }
        int end = at + words.length();
        int from = Math.max(0, at - BEFORE);
        int to = Math.min(text.length(), end + AFTER);
        String before = (from > 0 ? "…" : "") + text.substring(from, at);
        String after = text.substring(end, to) + (to < text.length() ? "…" : "");
        return new Hit(m.conversationId(), oneLine(before), text.substring(at, end), oneLine(after), m.timestamp());
    }

    private static String oneLine(String text) {
        return text.replaceAll("\\s+", " ");
    }
}
