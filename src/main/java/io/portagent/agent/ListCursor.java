package io.portagent.agent;

import io.portagent.store.ConversationRepository.Position;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** The opaque cursor of the conversation list: where the previous page ended, base64url of {@code v1:updatedAt:row}. */
final class ListCursor {

    private static final String VERSION = "v1";

    private ListCursor() {
    }

    static String encode(Position position) {
        if (position == null) {
            return null;
        }
        String text = VERSION + ":" + position.updatedAt() + ":" + position.rowid();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.US_ASCII));
    }

    /** The position a cursor names; null for none; an {@code invalid_request} for one this service did not make. */
    static Position decode(String cursor) {
        if (cursor == null) {
            return null;
        }
        try {
            String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.US_ASCII).split(":");
            if (parts.length == 3 && parts[0].equals(VERSION)) {
                return new Position(Long.parseLong(parts[1]), Long.parseLong(parts[2]));
            }
        } catch (IllegalArgumentException e) { // bad base64 or a bad number
            // falls through to the refusal
        }
        throw new AgentException("invalid_request", "\"cursor\" is not a cursor from an earlier image_list response");
    }
}
