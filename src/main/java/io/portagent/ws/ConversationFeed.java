package io.portagent.ws;

import io.portagent.agent.AgentException;
import io.portagent.agent.AgentRuntime;
import io.portagent.agent.Caller;
import io.portagent.agent.Conversation;
import io.portagent.agent.ConversationWatcher;
import io.portagent.agent.JsonFields;
import io.portagent.agent.JsonSupport;
import jakarta.json.JsonObject;
import jakarta.json.spi.JsonProvider;

/**
 * Turns the runtime's conversation changes into notices to the user's sockets on this node, and
 * to no one else's: a turn running or done ({@code image_running}) to every socket of the user;
 * a conversation created, changed or deleted on another node to every socket of the user here
 * (one made on this node was told to the other tabs by {@link Protocol} already).
 */
public final class ConversationFeed implements ConversationWatcher {

    private static final JsonProvider JSON = JsonSupport.PROVIDER;

    private final AgentRuntime runtime;
    private final Connections connections;

    public ConversationFeed(AgentRuntime runtime, Connections connections) {
        this.runtime = runtime;
        this.connections = connections;
    }

    @Override
    public void changed(Caller caller, String conversationId, Change change, boolean local) {
        if (change == Change.RUNNING || change == Change.IDLE) { // two per turn: written without a JSON-P object
            connections.toUser(caller.userId(), new JsonFields().add("type", change.notice())
                    .addJson("data", new JsonFields().add("imageId", conversationId)
                            .add("running", change == Change.RUNNING).build()).build());
            return;
        }
        JsonObject data = switch (change) {
            case DELETED -> local ? null : JSON.createObjectBuilder().add("imageId", conversationId).build();
            case CREATED, UPDATED -> local ? null : image(caller, conversationId);
            case RUNNING, IDLE -> throw new IllegalStateException("told above");
        };
        if (data != null) {
            connections.toUser(caller.userId(), JSON.createObjectBuilder().add("type", change.notice())
                    .add("data", data).build().toString());
        }
    }

    /** The conversation as this node reads it now; null when it is gone meanwhile (its deletion follows). */
    private JsonObject image(Caller caller, String conversationId) {
        try {
            Conversation conversation = runtime.conversations().require(caller, conversationId);
            return JSON.createObjectBuilder().add("image", Frames.image(conversation, runtime.isRunning(conversation)))
                    .build();
        } catch (AgentException e) {
            return null;
        }
    }
}
