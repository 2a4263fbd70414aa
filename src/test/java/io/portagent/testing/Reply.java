package io.portagent.testing;

/**
 * A script frozen at enqueue time into what the connection thread needs to answer, so tests may
 * keep mutating their builders and each stream does no per-request JSON work beyond message_start.
 */
sealed interface Reply permits StreamPlan, ErrorReply {
}
