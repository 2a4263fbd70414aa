package io.portagent.tools.mcp;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One MCP server as the operator configured it: a command started over stdio, or a streamable
 * HTTP endpoint. {@link #describe()} is what the logs show: the command and its arguments, or the
 * URL without credentials; never {@code env} or {@code headers}, which may hold tokens.
 */
public record McpServerSpec(String name, String command, List<String> args, Map<String, String> env, URI url,
        Map<String, String> headers) {

    public McpServerSpec {
        Objects.requireNonNull(name, "name");
        args = List.copyOf(args);
        env = Map.copyOf(env);
        headers = Map.copyOf(headers);
        if ((command == null) == (url == null)) {
            throw new IllegalArgumentException("exactly one of command and url");
        }
    }

    public static McpServerSpec stdio(String name, String command, List<String> args, Map<String, String> env) {
        return new McpServerSpec(name, command, args, env, null, Map.of());
    }

    public static McpServerSpec http(String name, URI url, Map<String, String> headers) {
        return new McpServerSpec(name, null, List.of(), Map.of(), url, headers);
    }

    public boolean isStdio() {
        return command != null;
    }

    public String transport() {
        return isStdio() ? "stdio" : "http";
    }

    public String describe() {
        if (isStdio()) {
            return "stdio: " + String.join(" ", java.util.stream.Stream.concat(
                    java.util.stream.Stream.of(command), args.stream()).toList());
        }
        return "http: " + url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort())
                + (url.getRawPath() == null ? "" : url.getRawPath());
    }
}
