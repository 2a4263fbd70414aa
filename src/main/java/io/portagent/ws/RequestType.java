package io.portagent.ws;

import java.util.Arrays;
import java.util.Optional;

/** The requests of docs/websocket-protocol.md, by their wire names ({@code <name>_request}). */
enum RequestType {
    IMAGE_LIST("image_list"),
    IMAGE_CREATE("image_create"),
    IMAGE_UPDATE("image_update"),
    IMAGE_DELETE("image_delete"),
    IMAGE_MESSAGES("image_messages"),
    SUBSCRIBE("subscribe"),
    UNSUBSCRIBE("unsubscribe"),
    MESSAGE_SEND("message_send"),
    MESSAGE_RETRY("message_retry"),
    MESSAGE_REGENERATE("message_regenerate"),
    AGENT_RECEIVE("agent_receive"),
    AGENT_INTERRUPT("agent_interrupt"),
    MODEL_LIST("model_list");

    static final String SUFFIX = "_request";

    private final String wireName;

    RequestType(String wireName) {
        this.wireName = wireName;
    }

    /** The name without its suffix, which the response's type carries as {@code <name>_response}. */
    String wireName() {
        return wireName;
    }

    static Optional<RequestType> of(String name) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(name)).findFirst();
    }
}
