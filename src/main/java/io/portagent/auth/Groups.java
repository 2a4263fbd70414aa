package io.portagent.auth;

import io.portagent.store.AccountRecord;
import io.portagent.store.DuplicateException;
import io.portagent.store.GroupRecord;
import io.portagent.store.GroupRepository;
import java.time.Clock;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Groups of users: which models their members may use (none listed: every model) and a daily
 * token budget. A user in several groups gets the union of their models and the highest budget
 * ({@link #policyOf}); the providers' model policy reads it.
 */
public final class Groups {

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    static final int MAX_MODELS = 100;
    static final int MODEL_MAX = 200;
    static final int DESCRIPTION_MAX = 500;

    /** A group with its members. */
    public record Detail(GroupView group, List<AdminUser> members) {
    }

    /** The fields of a create or an update; an update leaves empty ones as they are. */
    public record Fields(Optional<String> name, Optional<String> description, Optional<List<String>> models,
            Optional<Long> dailyTokenLimit) {
    }

    private final GroupRepository groups;
    private final UserDirectory directory;
    private final Audit audit;
    private final Clock clock;

    public Groups(GroupRepository groups, UserDirectory directory, Audit audit, Clock clock) {
        this.groups = groups;
        this.directory = directory;
        this.audit = audit;
        this.clock = clock;
    }

    public List<GroupView> list() {
        return groups.list().stream().map(GroupView::of).toList();
    }

    public Detail detail(String groupId) {
        GroupRecord group = find(groupId);
        List<AccountRecord> members = groups.memberIds(groupId).stream().map(directory::find).toList();
        return new Detail(GroupView.of(group), directory.views(members));
    }

    public GroupView create(Actor actor, Fields fields) {
        String name = fields.name().map(String::strip)
                .orElseThrow(() -> AuthException.invalidInput("Group name is required"));
        long now = clock.millis();
        GroupRecord group = checked(new GroupRecord(UUID.randomUUID().toString(), name,
                fields.description().orElse(null), fields.models().orElse(List.of()),
                fields.dailyTokenLimit().orElse(0L), 0, now, now));
        try {
            groups.create(group);
        } catch (DuplicateException e) {
            throw AuthException.conflict(e.getMessage());
        }
        audit.record("group_created", actor, null, null, Map.of("groupId", group.groupId(), "name", name));
        return GroupView.of(find(group.groupId()));
    }

    public GroupView update(Actor actor, String groupId, Fields fields) {
        GroupRecord old = find(groupId);
        GroupRecord group = checked(new GroupRecord(groupId, fields.name().map(String::strip).orElse(old.name()),
                fields.description().or(() -> Optional.ofNullable(old.description())).orElse(null),
                fields.models().orElse(old.models()), fields.dailyTokenLimit().orElse(old.dailyTokenLimit()),
                old.memberCount(), old.createdAt(), clock.millis()));
        try {
            if (!groups.update(group)) {
                throw notFound(groupId);
            }
        } catch (DuplicateException e) {
            throw AuthException.conflict(e.getMessage());
        }
        audit.record("group_updated", actor, null, null, Map.of("groupId", groupId, "name", group.name(),
                "models", group.models(), "dailyTokenLimit", group.dailyTokenLimit()));
        return GroupView.of(find(groupId));
    }

    public void delete(Actor actor, String groupId) {
        GroupRecord group = find(groupId);
        groups.delete(groupId);
        audit.record("group_deleted", actor, null, null, Map.of("groupId", groupId, "name", group.name()));
    }

    public GroupView addMember(Actor actor, String groupId, String userId) {
        GroupRecord group = find(groupId);
        AccountRecord user = directory.find(userId);
        groups.addMember(groupId, userId, clock.millis());
        audit.record("group_member_added", actor, user.user(), Map.of("groupId", groupId, "name", group.name()));
        return GroupView.of(find(groupId));
    }

    public GroupView removeMember(Actor actor, String groupId, String userId) {
        GroupRecord group = find(groupId);
        AccountRecord user = directory.find(userId);
        if (groups.removeMember(groupId, userId)) {
            audit.record("group_member_removed", actor, user.user(), Map.of("groupId", groupId, "name",
                    group.name()));
        }
        return GroupView.of(find(groupId));
    }

    /** The models allowed to {@code userId} and their daily token budget, from all their groups. */
    public ModelPolicy policyOf(String userId) {
        List<GroupRecord> mine = groups.ofUser(userId);
        if (mine.isEmpty()) {
            return ModelPolicy.UNRESTRICTED;
        }
        boolean all = mine.stream().anyMatch(g -> g.models().isEmpty());
        Set<String> models = new HashSet<>();
        mine.forEach(g -> models.addAll(g.models()));
        long budget = mine.stream().mapToLong(GroupRecord::dailyTokenLimit).max().orElse(0);
        return new ModelPolicy(all, all ? Set.of() : models, budget);
    }

    private GroupRecord find(String groupId) {
        return groups.find(groupId).orElseThrow(() -> notFound(groupId));
    }

    private static AuthException notFound(String groupId) {
        return AuthException.notFound("No group '" + groupId + "'");
    }

    private static GroupRecord checked(GroupRecord group) {
        if (!NAME.matcher(group.name()).matches()) {
            throw AuthException.invalidInput("Group name must be 1-64 lowercase letters, digits, '.', '_' or '-'");
        }
        if (group.description() != null && group.description().length() > DESCRIPTION_MAX) {
            throw AuthException.invalidInput("Description must be at most " + DESCRIPTION_MAX + " characters");
        }
        if (group.models().size() > MAX_MODELS || group.models().stream().anyMatch(m -> m.isBlank()
                || m.length() > MODEL_MAX)) {
            throw AuthException.invalidInput("Models must be at most " + MAX_MODELS + " non-empty ids of at most "
                    + MODEL_MAX + " characters");
        }
        if (group.dailyTokenLimit() < 0) {
            throw AuthException.invalidInput("dailyTokenLimit must be 0 (none) or more");
        }
        return group;
    }
}
