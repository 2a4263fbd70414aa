package io.portagent.agent;

/** Where a turn stands, with the name stored in {@code turns.status}. */
public enum TurnStatus {
    RUNNING("running"),
    COMPLETED("completed"),
    /** Stopped by its user, by a restart, or by the agent's own limit: what it did stays in the context. */
    INTERRUPTED("interrupted"),
    /** The model, the provider or the storage failed: its prompt stays out of later context until retried. */
    FAILED("failed");

    private final String wireName;

    TurnStatus(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
