package io.portagent.auth;

import io.portagent.agent.JsonSupport;
import io.portagent.store.AccountRepository;
import io.portagent.store.AuditRecord;
import io.portagent.store.AuditRepository;
import io.portagent.store.UserRecord;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import java.io.StringReader;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The audit log: who did what to whom, from where, when, with a detail object (never a password
 * or a token). Each entry goes to {@code audit_log} in portagent.db and, as one JSON line, to the
 * logger {@link #LOGGER} (ops.Logging sends it to {@code logs/audit.log}, for a SIEM).
 */
public final class Audit {

    public static final String LOGGER = "io.portagent.audit";
    private static final Logger FILE = LoggerFactory.getLogger(LOGGER);
    private static final Logger LOG = LoggerFactory.getLogger(Audit.class);

    /** What to read: each field optional (null); {@code before} an entry id, for the next page. */
    public record Query(String action, String userId, Long from, Long to, Long before, int limit) {
    }

    /** A page of entries, newest first; {@code nextBefore} continues it, null on the last page. */
    @jakarta.json.bind.annotation.JsonbNillable
    public record Page(List<AuditEntry> entries, Long nextBefore) {
    }

    private final AuditRepository entries;
    private final AccountRepository accounts;
    private final Clock clock;

    public Audit(AuditRepository entries, AccountRepository accounts, Clock clock) {
        this.entries = entries;
        this.accounts = accounts;
        this.clock = clock;
    }

    public void record(String action, Actor actor, UserRecord target, Map<String, ?> detail) {
        record(action, actor, target == null ? null : target.userId(), target == null ? null : target.username(),
                detail);
    }

    /** Appends one entry; a failure to store it is logged, and the line still reaches audit.log. */
    public void record(String action, Actor actor, String targetUserId, String targetUsername, Map<String, ?> detail) {
        String actorName = actor.username() != null || actor.userId() == null ? actor.username()
                : accounts.find(actor.userId()).map(a -> a.user().username()).orElse(null);
        String json = JsonSupport.PROVIDER.createObjectBuilder(new java.util.HashMap<String, Object>(detail)).build().toString();
        AuditRecord entry = new AuditRecord(0, clock.millis(), action, actor.userId(), actorName, targetUserId,
                targetUsername, actor.ip(), json);
        long id = 0;
        try {
            id = entries.append(entry);
        } catch (RuntimeException e) {
            LOG.error("Could not store the audit entry '{}' in portagent.db: {}", action, e.getMessage());
        }
        FILE.info(line(id, entry));
    }

    private static String line(long id, AuditRecord e) {
        var json = JsonSupport.PROVIDER.createObjectBuilder().add("id", id).add("timestamp", e.timestamp())
                .add("time", Instant.ofEpochMilli(e.timestamp()).toString()).add("action", e.action());
        add(json, "actorUserId", e.actorUserId());
        add(json, "actorUsername", e.actorUsername());
        add(json, "targetUserId", e.targetUserId());
        add(json, "targetUsername", e.targetUsername());
        add(json, "ip", e.ip());
        return json.add("detail", parse(e.detail())).build().toString();
    }

    private static void add(jakarta.json.JsonObjectBuilder json, String name, String value) {
        if (value == null) {
            json.addNull(name);
        } else {
            json.add(name, value);
        }
    }

    /** Entries matching the filter, newest first, and where the next page starts. */
    public Page find(Query filter) {
        List<AuditRecord> rows = entries.find(new AuditRepository.Filter(filter.action(), filter.userId(),
                filter.from(), filter.to(), filter.before(), filter.limit() + 1));
        boolean more = rows.size() > filter.limit();
        List<AuditEntry> page = rows.stream().limit(filter.limit()).map(r -> new AuditEntry(r.id(), r.timestamp(),
                r.action(), r.actorUserId(), r.actorUsername(), r.targetUserId(), r.targetUsername(), r.ip(),
                parse(r.detail()))).toList();
        return new Page(page, more ? page.get(page.size() - 1).id() : null);
    }

    /** Deletes the entries older than {@code days} days (AUDIT_RETENTION_DAYS); returns how many went. */
    public int deleteOlderThan(int days) {
        int deleted = entries.deleteOlderThan(clock.millis() - Duration.ofDays(days).toMillis());
        LOG.info("Audit retention: deleted {} entr(ies) older than {} days", deleted, days);
        return deleted;
    }

    private static JsonObject parse(String detail) {
        try (JsonReader reader = JsonSupport.PROVIDER.createReader(new StringReader(detail))) {
            return reader.readObject();
        }
    }
}
