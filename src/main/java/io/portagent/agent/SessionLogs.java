package io.portagent.agent;

import io.portagent.store.StoreException;
import io.portagent.store.TurnRepository;
import java.time.Clock;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The session logs in memory: one per session that has a running turn or a subscriber. A log is
 * created on first use (its {@code seq} continuing from the database) and dropped when its last
 * user leaves and it holds no unsaved write, so idle sessions cost nothing.
 */
final class SessionLogs {

    private static final Logger LOG = LoggerFactory.getLogger(SessionLogs.class);

    private final ConcurrentHashMap<String, SessionLog> logs = new ConcurrentHashMap<>();
    private final TurnRepository store;
    private final Clock clock;

    SessionLogs(TurnRepository store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Takes a reference on the session's log; pair with {@link #release}. */
    SessionLog acquire(String sessionId) {
        return logs.compute(sessionId, (id, log) -> {
            SessionLog result = log != null ? log : new SessionLog(id, store, clock);
            result.users(+1);
            return result;
        });
    }

    void release(String sessionId) {
        logs.computeIfPresent(sessionId, (id, log) -> {
            log.users(-1);
            return log.users() <= 0 && !log.hasUnsaved() ? null : log;
        });
    }

    /** Forgets a deleted session's unsaved write, and the log itself if nobody uses it. */
    void discardUnsaved(String sessionId) {
        logs.computeIfPresent(sessionId, (id, log) -> {
            log.discardUnsaved();
            return log.users() <= 0 ? null : log;
        });
    }

    /** At shutdown: writes what failed turns could not save, where the disk allows it now. */
    void saveUnsavedQuietly() {
        for (SessionLog log : logs.values()) {
            try {
                log.saveUnsaved();
            } catch (StoreException e) {
                LOG.warn("The end of a turn that could not be saved is lost with this shutdown: {}", e.getMessage());
            }
        }
    }

    /** Runs {@code action} on the log if it is in memory (a session nobody uses has nothing to tell). */
    <T> T ifPresent(String sessionId, Function<SessionLog, T> action, T otherwise) {
        SessionLog log = logs.get(sessionId);
        return log == null ? otherwise : action.apply(log);
    }

    int size() {
        return logs.size();
    }
}
