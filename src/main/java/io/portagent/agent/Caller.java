package io.portagent.agent;

/** Who is acting: every operation is scoped to this user's container. */
public record Caller(String userId, String containerId) {
}
