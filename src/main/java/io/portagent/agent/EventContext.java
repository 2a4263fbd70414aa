package io.portagent.agent;

/** Where an event belongs: the container, the conversation, its session, and the turn (null outside one). */
public record EventContext(String containerId, String conversationId, String sessionId, String turnId) {
}
