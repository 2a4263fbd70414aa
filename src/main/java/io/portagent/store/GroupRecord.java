package io.portagent.store;

import java.util.List;

/** A row of {@code user_groups} with its models (empty: every model) and how many members it has. */
public record GroupRecord(String groupId, String name, String description, List<String> models, long dailyTokenLimit,
        int memberCount, long createdAt, long updatedAt) {

    public GroupRecord {
        models = List.copyOf(models);
    }
}
