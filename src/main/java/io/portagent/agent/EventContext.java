package io.portagent.agent;

/** Where an event belongs. {@code agentId} is the conversation's agent, which is the image itself. */
public record EventContext(String containerId, String imageId, String sessionId, String turnId) {

    public String agentId() {
        return imageId;
    }
}
