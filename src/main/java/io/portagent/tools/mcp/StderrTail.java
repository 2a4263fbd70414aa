package io.portagent.tools.mcp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a stdio server writes to stderr: each line to the debug log, the last few kept, so the
 * warning that says why a server failed can quote them.
 */
final class StderrTail {

    private static final Logger LOG = LoggerFactory.getLogger(StderrTail.class);
    private static final int LINES = 20;

    private final String server;
    private final Deque<String> last = new ArrayDeque<>();

    StderrTail(String server) {
        this.server = server;
    }

    /** Reads until the stream ends (the process exited); run on a thread of its own. */
    void read(InputStream in) throws IOException {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String line;
            while ((line = reader.readLine()) != null) {
                LOG.debug("MCP server '{}' stderr: {}", server, line);
                keep(line);
            }
        }
    }

    private synchronized void keep(String line) {
        last.addLast(line);
        if (last.size() > LINES) {
            last.removeFirst();
        }
    }

    /** The last lines, joined with " | " for one log line. */
    synchronized String lines() {
        return String.join(" | ", last);
    }
}
