package io.portagent.agent;

/**
 * Why an interrupted turn stopped, stored with the turn ({@code turns.stopCause}) so that a
 * reload says the same as the live {@code interrupted} event: stopped by the user, by the
 * server's shutdown, or otherwise (deleted, a crash or lost node, the agent's own limit).
 */
public enum StopCause {
    USER("user"),
    SHUTDOWN("shutdown"),
    OTHER("other");

    private final String wireName;

    StopCause(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }
}
