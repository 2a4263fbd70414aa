package io.portagent.agent;

/**
 * Hears every change to a user's conversation list that the user's other tabs and devices must
 * follow: created, renamed or re-modelled, deleted, a turn running or done. On PostgreSQL the
 * runtime passes each change on to the other nodes (a control notice), so a watcher on every node
 * hears it; the socket layer turns it into notices to that user's sockets only.
 */
public interface ConversationWatcher {

    /** What changed; the wire name is the notice's {@code type}. */
    enum Change {
        CREATED("image_created"),
        UPDATED("image_updated"),
        DELETED("image_deleted"),
        RUNNING("image_running"),
        IDLE("image_running");

        private final String notice;

        Change(String notice) {
            this.notice = notice;
        }

        public String notice() {
            return notice;
        }
    }

    /**
     * {@code local} is true for a change made on this node (the socket that made it has its answer
     * already), false for one heard from another node.
     */
    void changed(Caller caller, String conversationId, Change change, boolean local);

    ConversationWatcher NONE = (caller, conversationId, change, local) -> { };
}
