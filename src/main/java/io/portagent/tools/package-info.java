/**
 * The model's built-in tools: list, read, write, edit and search files in a conversation's
 * working directory, and (when an operator enables it) a {@code bash} shell there.
 * {@link io.portagent.tools.WorkspaceTools} is the {@link io.portagent.agent.ToolRegistry} the
 * runtime calls on its tool executor; {@link io.portagent.tools.WorkspacePaths} keeps every path
 * inside the working directory. {@link io.portagent.tools.ProcessTree} is the one walk of a
 * process's descendants, for {@code bash} and for the MCP stdio servers.
 */
package io.portagent.tools;
