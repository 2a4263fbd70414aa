package io.portagent.llm;

import java.io.IOException;

/**
 * Reads one response's SSE events into {@link StreamEvent}s. Called on an I/O thread, one event
 * at a time; ends the answer by handing the sink a {@link StreamEvent.MessageStop}, or fails it.
 */
public interface StreamDecoder {

    /**
     * One complete SSE event. {@code data} holds its UTF-8 payload in {@code [0, length)} and is
     * reused after the call.
     *
     * @throws ProviderDataException if the payload cannot be read (it is not the protocol)
     */
    void onEvent(String event, byte[] data, int length, Sink sink) throws IOException;

    /** Where a decoder sends what it read. */
    interface Sink {
        /** Hands on one event; false once the call wants no more (stop decoding). */
        boolean event(StreamEvent event);

        /** The provider reported an error inside the stream; nothing more is read. */
        void failed(AttemptFailure failure);
    }
}
