package io.portagent.testing;

import io.portagent.testing.StreamPlan.Frame;
import jakarta.json.JsonObject;
import java.util.List;

/** How one {@link Dialect} writes what a {@link Script} describes, and what it refuses in a request. */
interface Wire {

    /** Why the request body is refused beyond the common checks (model, stream), or null. */
    String validate(JsonObject body);

    /** The body of the model list ({@code GET /v1/models} or {@code GET {URL}/models}) naming {@code models}. */
    String modelList(List<String> models);

    /** The error type of a refused key (HTTP 401). */
    String invalidKeyType();

    /** The JSON body of an HTTP error answer. */
    String errorBody(String type, String message, String requestId);

    /** The first frame of a stream, made per request (it echoes the request's model). */
    Frame start(String messageId, String model, int inputTokens);

    /** An error inside the stream. */
    Frame error(String type, String message);

    /** A text block of these deltas. */
    List<Frame> text(int block, List<String> deltas);

    /** Reasoning of these deltas, which is not answer text. */
    List<Frame> reasoning(int block, List<String> deltas);

    /** Tool call number {@code call} (block {@code block}); {@code whole}: the input in one delta. */
    List<Frame> toolCall(int block, int call, String id, String name, List<String> pieces, boolean whole);

    /** A keep-alive between blocks. */
    Frame ping();

    /** The frames that end a complete answer; {@code stopReason} in Anthropic's words. */
    List<Frame> end(String stopReason, int inputTokens, int outputTokens);
}
