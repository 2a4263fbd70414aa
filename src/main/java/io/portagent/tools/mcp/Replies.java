package io.portagent.tools.mcp;

import io.modelcontextprotocol.spec.McpError;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waits for one MCP request's answer within its deadline; every failure becomes an {@link McpServerException} sentence. */
final class Replies {

    private Replies() {
    }

    /**
     * The answer, or: an interrupt (the user stopped the turn) cancels the request and is rethrown
     * with the flag set again, so no catch on the way out can lose it; no answer in time is
     * {@code TIMED_OUT}; a JSON-RPC error is {@code ANSWERED}; anything else is {@code BROKEN}.
     */
    static <T> T await(CompletableFuture<T> future, Duration timeout, String what) throws InterruptedException {
        try {
            return future.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw e;
        } catch (TimeoutException e) {
            future.cancel(true);
            throw new McpServerException(what + " got no answer within " + timeout.toSeconds() + " s",
                    McpServerException.Kind.TIMED_OUT);
        } catch (ExecutionException e) {
            throw failure(what, e.getCause());
        }
    }

    private static McpServerException failure(String what, Throwable cause) {
        if (cause instanceof McpServerException failure) {
            return failure;
        }
        if (cause instanceof McpError error && error.getJsonRpcError() != null) {
            return new McpServerException(what + " failed: " + error.getJsonRpcError().message(),
                    McpServerException.Kind.ANSWERED);
        }
        Throwable root = McpError.findRootCause(cause);
        return new McpServerException(what + " failed: " + (root instanceof McpServerException
                ? root.getMessage() : root.toString()));
    }
}
