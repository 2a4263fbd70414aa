package io.portagent.testing;

import java.util.Map;

/** An {@link ErrorScript} frozen at enqueue time: status, error body fields, extra headers. */
record ErrorReply(int status, String errorType, String message, Map<String, String> headers)
        implements Reply {
}
