package io.portagent.tools.mcp;

/**
 * An MCP server could not be started, reached, or used. The message is a sentence fragment for
 * the operator log and the model; {@link #kind()} says whether the server is still usable.
 */
final class McpServerException extends RuntimeException {

    enum Kind {
        /** The server answered with a JSON-RPC error: it is fine, the request was not. */
        ANSWERED,
        /** No answer in time: the server may be busy or stuck; it is left running. */
        TIMED_OUT,
        /** The process or connection failed: the server is restarted on next use. */
        BROKEN
    }

    private final Kind kind;

    McpServerException(String message) {
        this(message, Kind.BROKEN);
    }

    McpServerException(String message, Kind kind) {
        super(message, null, false, false);
        this.kind = kind;
    }

    Kind kind() {
        return kind;
    }
}
