package io.portagent.agent;

import java.util.List;

/** A conversation's stored messages and the last seq they reflect: subscribing after it continues without gap. */
public record History(List<Message> messages, long lastSeq) {
}
