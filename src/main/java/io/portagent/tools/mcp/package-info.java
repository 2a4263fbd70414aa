/**
 * The MCP client: the servers of {@code MCP_SERVERS} (and PromptX), one shared connection per
 * server, offered to the model as {@code mcp__<server>__<tool>}. {@link io.portagent.tools.mcp.McpTools}
 * is the {@link io.portagent.agent.ToolRegistry}; {@link io.portagent.tools.mcp.McpServer} decides
 * when a server starts, restarts and stops; {@link io.portagent.tools.mcp.McpSession} is one
 * connection; {@link io.portagent.tools.mcp.ChildProcessTransport} is our stdio transport.
 */
package io.portagent.tools.mcp;
