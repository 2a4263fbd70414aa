package io.portagent.tools.mcp;

import io.modelcontextprotocol.json.McpJsonDefaults;
import io.modelcontextprotocol.json.McpJsonMapper;
import io.modelcontextprotocol.spec.McpSchema;
import io.portagent.agent.ToolRegistry;
import io.portagent.config.Settings;
import io.portagent.llm.ToolSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.scheduler.Schedulers;

/**
 * The MCP servers' tools, offered to the model as {@code mcp__<server>__<tool>}. Servers are
 * shared by every conversation and started by {@link #warmUp()} in the background (so start-up
 * never waits for them) or on first need. A server that is down, slow or broken gives the model
 * a tool error it can read; the turn goes on.
 */
public final class McpTools implements ToolRegistry, AutoCloseable {

    public static final String PREFIX = "mcp__";
    private static final Logger LOG = LoggerFactory.getLogger(McpTools.class);
    private static final Pattern MODEL_NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    /** What a child inherits from the server's environment; everything else (keys, secrets) stays out. */
    private static final List<String> INHERITED = List.of("PATH", "HOME", "LANG", "LC_ALL", "LC_CTYPE", "TZ", "TMPDIR",
            "USER", "LOGNAME", "SHELL", "TERM", "NODE_EXTRA_CA_CERTS");

    private final Map<String, McpServer> servers = new LinkedHashMap<>();
    private final ExecutorService background;
    private final Map<McpServer, Offered> offered = new java.util.concurrent.ConcurrentHashMap<>();

    McpTools(List<McpServerSpec> specs, Map<String, String> serverEnvironment, Duration connectTimeout,
            Duration callTimeout) {
        McpJsonMapper json = McpJsonDefaults.getMapper();
        AtomicInteger threads = new AtomicInteger();
        this.background = Executors.newCachedThreadPool(task -> {
            Thread thread = new Thread(task, "portagent-mcp-" + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        Map<String, String> childEnvironment = childEnvironment(serverEnvironment);
        for (McpServerSpec spec : specs) {
            servers.put(spec.name(), new McpServer(spec, childEnvironment, connectTimeout, callTimeout, json,
                    background));
        }
    }

    /**
     * The operator's servers (and PromptX when enabled and installed). A warning (PromptX not
     * installed, the default) is logged on the first start of a data directory only, so it does not
     * become noise every start; later starts log it at debug level.
     */
    public static McpTools from(Settings settings) {
        McpServerSpecs.Resolved resolved = McpServerSpecs.resolve(settings.mcp(), System.getenv("PATH"));
        resolved.warnings().forEach(warning -> warnOnce(settings.dataDir().resolve(WARNED), warning));
        return new McpTools(resolved.servers(), System.getenv(), settings.mcp().connectTimeout(),
                settings.tools().timeout());
    }

    /** Marks, in the data directory, that the start-up warning was shown; delete it to see it again. */
    static final String WARNED = "mcp-warning-shown";

    private static void warnOnce(Path marker, String warning) {
        if (Files.exists(marker)) {
            LOG.debug(warning);
            return;
        }
        LOG.warn(warning);
        try {
            Files.writeString(marker, warning + System.lineSeparator());
        } catch (IOException e) {
            LOG.debug("Could not note that the warning was shown ({}): it will show again", e.toString());
        }
    }

    static Map<String, String> childEnvironment(Map<String, String> server) {
        Map<String, String> env = new HashMap<>();
        INHERITED.forEach(name -> {
            String value = server.get(name);
            if (value != null) {
                env.put(name, value);
            }
        });
        env.putIfAbsent("PATH", "/usr/local/bin:/usr/bin:/bin");
        return env;
    }

    /** The start-up summary line: which servers are configured (tool counts follow as each attaches). */
    public String summary() {
        if (servers.isEmpty()) {
            return "MCP servers:    none";
        }
        return "MCP servers:    " + String.join(", ", servers.values().stream()
                .map(s -> s.spec().name() + " (" + s.spec().transport() + ")").toList())
                + " - starting in the background; each logs its tool count when attached";
    }

    /** Whether a server is attached, and how many tools it offers, for {@code /health}. */
    public record ServerStatus(boolean up, int tools) {
    }

    /** Each configured server's state, by name, in configuration order. */
    public Map<String, ServerStatus> status() {
        Map<String, ServerStatus> status = new LinkedHashMap<>();
        servers.forEach((name, server) -> status.put(name, new ServerStatus(server.isUp(), server.knownTools().size())));
        return status;
    }

    /** Starts every server in the background; each logs its tool count or why it is unavailable. */
    public void warmUp() {
        servers.values().forEach(McpServer::startInBackground);
    }

    @Override
    public List<ToolSpec> specs(ToolContext context) {
        List<ToolSpec> specs = new ArrayList<>();
        for (McpServer server : servers.values()) {
            specs.addAll(offered(server).specs());
        }
        return specs;
    }

    /**
     * A server's tools as the model sees them, built once per tool list (not per model request):
     * the specs with their schemas as JSON text, and each offered name's original tool name.
     */
    private record Offered(List<McpSchema.Tool> source, List<ToolSpec> specs, Map<String, String> originals) {
    }

    private Offered offered(McpServer server) {
        List<McpSchema.Tool> tools = server.tools();
        Offered cached = offered.get(server);
        if (cached != null && cached.source() == tools) {
            return cached;
        }
        List<ToolSpec> specs = new ArrayList<>();
        Map<String, String> originals = new HashMap<>();
        for (McpSchema.Tool tool : tools) {
            String name = modelName(server.spec().name(), tool.name());
            if (MODEL_NAME.matcher(name).matches()) {
                specs.add(new ToolSpec(name, description(tool), schema(server, tool)));
                originals.put(name, tool.name());
            }
        }
        Offered built = new Offered(tools, List.copyOf(specs), Map.copyOf(originals));
        offered.put(server, built);
        return built;
    }

    @Override
    public ToolOutcome call(ToolContext context, String name, String inputJson) throws InterruptedException {
        Target target = target(name);
        if (target == null) {
            return new ToolOutcome("Unknown tool: " + name, true);
        }
        try {
            McpSchema.CallToolResult result = target.server().call(target.tool(), inputJson);
            return new ToolOutcome(ToolResultText.of(result), Boolean.TRUE.equals(result.isError()));
        } catch (McpServerException e) {
            LOG.warn("MCP tool {} failed: {}", name, e.getMessage());
            return new ToolOutcome("The MCP tool " + name + " failed: " + e.getMessage() + ".", true);
        }
    }

    private record Target(McpServer server, String tool) {
    }

    private Target target(String name) {
        for (McpServer server : servers.values()) {
            String prefix = PREFIX + server.spec().name() + "__";
            if (name.startsWith(prefix)) {
                String tool = offered(server).originals().getOrDefault(name, name.substring(prefix.length()));
                return new Target(server, tool);
            }
        }
        return null;
    }

    /** {@code mcp__server__tool}, with characters the model's API refuses replaced by '_'. */
    static String modelName(String server, String tool) {
        return PREFIX + server + "__" + tool.replaceAll("[^A-Za-z0-9_-]", "_");
    }

    private static String description(McpSchema.Tool tool) {
        String text = tool.description() != null ? tool.description() : tool.title() != null ? tool.title() : "";
        return text.isBlank() ? tool.name() : text;
    }

    /** The tool's input schema as JSON text; one that cannot be written is offered as any object, and said so. */
    private static String schema(McpServer server, McpSchema.Tool tool) {
        Map<String, Object> schema = tool.inputSchema() == null ? Map.of("type", "object") : tool.inputSchema();
        try {
            return McpJsonDefaults.getMapper().writeValueAsString(schema);
        } catch (IOException e) {
            LOG.warn("MCP server '{}': the input schema of its tool '{}' cannot be written as JSON ({}); the model is"
                    + " offered the tool with no schema, so its calls may lack arguments", server.spec().name(),
                    tool.name(), e.getMessage());
            return "{\"type\":\"object\"}";
        }
    }

    /**
     * Stops every server and its processes, then Reactor's threads (they belong to this
     * application). Background starts are interrupted first: a server waits for its start in progress.
     */
    @Override
    public void close() {
        background.shutdownNow();
        servers.values().forEach(McpServer::close);
        try {
            background.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        Schedulers.shutdownNow();
    }
}
