package io.portagent.store;

import java.util.List;

/**
 * The schema history of both databases: the SQL files in {@code db/portagent/} and
 * {@code db/agentx/}, one folder per dialect with the same versions in each. Append new files
 * (and their names here); never edit a released one. The {@code users} columns are fixed by the
 * operator documentation (its sqlite3 commands).
 */
public final class Schemas {

    public static final Schema PORTAGENT = new Schema("portagent", List.of(
            "V1__users",
            "V2__revoked_tokens",
            "V3__accounts",
            "V4__settings",
            "V5__shared_state",
            "V6__api_keys"));

    public static final Schema AGENTX = new Schema("agentx", List.of(
            "V1__conversations",
            "V2__turns",
            "V3__event_times",
            "V4__models",
            "V5__token_usage",
            "V6__nodes",
            "V7__attachments_stop_cause",
            "V8__message_search",
            "V9__newest_first",
            "V10__search_at_turn_end",
            "V11__context_version"));

    private Schemas() {
    }
}
