package io.portagent.auth;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** {@code AUDIT_RETENTION_DAYS}: at start-up and then daily, on its own thread, drops older audit entries. */
public final class AuditRetention implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(AuditRetention.class);

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "portagent-audit-retention");
        thread.setDaemon(true);
        return thread;
    });

    public AuditRetention(Audit audit, int days) {
        timer.scheduleAtFixedRate(() -> {
            try {
                audit.deleteOlderThan(days);
            } catch (RuntimeException e) {
                LOG.warn("Audit retention failed (it runs again tomorrow): {}", e.getMessage());
            }
        }, 0, 1, TimeUnit.DAYS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
