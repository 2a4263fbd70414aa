package io.portagent.ws;

import io.portagent.agent.AgentException;
import io.portagent.agent.AgentRuntime;
import io.portagent.agent.Caller;
import io.portagent.agent.Conversation;
import io.portagent.agent.ConversationWatcher;
import io.portagent.agent.JsonFields;

/**
 * Turns the runtime's conversation changes into notices to the user's sockets on this node, and
 * to no one else's: a turn running or done ({@code image_running}) to every socket of the user;
 * a conversation created, changed or deleted on another node to every socket of the user here
 * (one made on this node was told to the other tabs by {@link Protocol} already).
 */
public final class ConversationFeed implements ConversationWatcher {

    private final AgentRuntime runtime;
    private final Connections connections;

    public ConversationFeed(AgentRuntime runtime, Connections connections) {
        this.runtime = runtime;
        this.connections = connections;
    }

    @Override
    public void changed(Caller caller, String conversationId, Change change, boolean local) {
        String data = switch (change) {
            // two per turn: written straight into text
            case RUNNING, IDLE -> new JsonFields().add("imageId", conversationId).add("running", change == Change.RUNNING)
                    .build();
            case DELETED -> local ? null : new JsonFields().add("imageId", conversationId).build();
            case CREATED, UPDATED -> local ? null : image(caller, conversationId);
        };
        if (data != null) {
            connections.toUser(caller.userId(), new JsonFields().add("type", change.notice()).addJson("data", data)
                    .build());
        }
    }

    /** The conversation as this node reads it now; null when it is gone meanwhile (its deletion follows). */
    private String image(Caller caller, String conversationId) {
        try {
            Conversation conversation = runtime.conversations().require(caller, conversationId);
            return new JsonFields().addJson("image", Frames.image(conversation, runtime.isRunning(conversation))
                    .toString()).build();
        } catch (AgentException e) {
            return null;
        }
    }
}
