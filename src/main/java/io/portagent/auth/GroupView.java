package io.portagent.auth;

import io.portagent.store.GroupRecord;
import jakarta.json.bind.annotation.JsonbNillable;
import java.util.List;

/** A group as the admin API shows it: models empty means every model, a daily token limit of 0 none. */
public record GroupView(String groupId, String name, @JsonbNillable String description, List<String> models,
        long dailyTokenLimit, int memberCount, long createdAt) {

    static GroupView of(GroupRecord g) {
        return new GroupView(g.groupId(), g.name(), g.description(), g.models(), g.dailyTokenLimit(), g.memberCount(),
                g.createdAt());
    }
}
