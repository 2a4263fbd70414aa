package io.portagent.testing;

/**
 * Reported to {@link FakeAnthropic#onDeltaSent} right after a content_block_delta was flushed to
 * the socket, for latency benchmarks. {@code sentAtNanos} is {@link System#nanoTime()}: monotonic
 * and comparable with the client's own nanoTime readings, since the fixture runs in the same JVM.
 *
 * @param messageId   the {@code msg_...} id of the stream, unique per request
 * @param deltaNumber 1 for the first delta of the message, counting across all content blocks
 * @param sentAtNanos {@link System#nanoTime()} just after the flush
 */
public record DeltaSent(String messageId, int deltaNumber, long sentAtNanos) {
}
