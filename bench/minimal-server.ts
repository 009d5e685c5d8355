// The floor for the benchmark: the smallest useful MCP server on the same SDK and transport as the
// real CLI (low-level Server, one tool with a precomputed JSON Schema, stdio). Whatever the real
// server costs above this is ours; what this costs is Node + the SDK.
import { Server } from "@modelcontextprotocol/server";
import { StdioServerTransport } from "@modelcontextprotocol/server/stdio";

const echoTool = {
  name: "echo",
  title: "Echo",
  description: "Returns the text it is given.",
  inputSchema: {
    type: "object" as const,
    properties: { text: { type: "string", description: "Text to return." } },
    required: ["text"],
    additionalProperties: false,
  },
  annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
};

const server = new Server({ name: "bench-minimal-server", version: "0.0.0" }, { capabilities: { tools: {} } });

server.setRequestHandler("tools/list", () => ({ tools: [echoTool] }));
server.setRequestHandler("tools/call", (request) => {
  const text = String((request.params.arguments ?? {}).text ?? "");
  return { content: [{ type: "text" as const, text }] };
});

await server.connect(new StdioServerTransport());
