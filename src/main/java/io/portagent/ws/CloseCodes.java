package io.portagent.ws;

import jakarta.websocket.CloseReason;

/** The close codes this endpoint uses, named. 4xxx codes are the application's own. */
final class CloseCodes {

    /** The token expired, was revoked by a logout, or its user was disabled: sign in again. */
    static final CloseReason.CloseCode UNAUTHORIZED = CloseReason.CloseCodes.getCloseCode(4401);
    /** The client did not read its events fast enough; reconnect and replay with afterSeq. */
    static final CloseReason.CloseCode TOO_SLOW = CloseReason.CloseCodes.getCloseCode(4408);
    /** A client message over {@code WS_MAX_FRAME_CHARS}. */
    static final CloseReason.CloseCode TOO_BIG = CloseReason.CloseCodes.TOO_BIG;
    /** No pong for two ping intervals. */
    static final CloseReason.CloseCode NO_PONG = CloseReason.CloseCodes.GOING_AWAY;
    /** The service is shutting down. */
    static final CloseReason.CloseCode SHUTDOWN = CloseReason.CloseCodes.GOING_AWAY;

    private CloseCodes() {
    }
}
