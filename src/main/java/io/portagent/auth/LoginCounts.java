package io.portagent.auth;

import java.util.concurrent.atomic.LongAdder;

/** Sign-ins with a password since start-up, by outcome, for metrics: counts only, never who. */
public final class LoginCounts {

    private final LongAdder succeeded = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder throttled = new LongAdder();

    public long succeeded() {
        return succeeded.sum();
    }

    /** Wrong password, unknown or disabled account. */
    public long failed() {
        return failed.sum();
    }

    /** Refused at once (429) because the account or the address was throttled. */
    public long throttled() {
        return throttled.sum();
    }

    void recordSuccess() {
        succeeded.increment();
    }

    void recordFailure() {
        failed.increment();
    }

    void recordThrottled() {
        throttled.increment();
    }
}
