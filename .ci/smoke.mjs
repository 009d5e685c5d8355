// Smoke run: start the server with --sandbox and drive it through a real MCP client over stdio.
// Usage: node .ci/smoke.mjs [COMMAND ARGS...] (default: node dist/runtime/cli.js), run in the folder to start it in.
// Exits non-zero (with the reason on stderr) when anything a newcomer would try first does not work.
import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";

const fail = (message) => {
  console.error(`smoke: FAILED: ${message}`);
  process.exit(1);
};
const timer = setTimeout(() => fail("timed out after 60 s"), 60_000);

const [command, ...commandArgs] = process.argv.length > 2 ? process.argv.slice(2) : [process.execPath, "dist/runtime/cli.js"];
const transport = new StdioClientTransport({
  command,
  args: [...commandArgs, "--sandbox", "--audit-log", "off"],
  cwd: process.cwd(),
  stderr: "pipe",
});
let stderr = "";
transport.stderr?.on("data", (chunk) => (stderr += chunk));
const client = new Client({ name: "ci-smoke", version: "1.0.0" });
try {
  await client.connect(transport);
  const { tools } = await client.listTools();
  if (tools.length < 50) fail(`expected the default tool table, got ${tools.length} tools`);
  const result = await client.callTool({ name: "list_users", arguments: { limit: 3 } });
  if (result.isError) fail(`list_users returned an error: ${JSON.stringify(result.content)}`);
  const items = result.structuredContent?.items;
  if (!Array.isArray(items) || items.length !== 3) fail(`list_users did not return 3 users: ${JSON.stringify(result.structuredContent)}`);
  if (!/sandbox/i.test(stderr)) fail("no sandbox banner on stderr");
  console.log(`smoke: ok (${tools.length} tools listed, list_users returned ${items.length} users)`);
} catch (error) {
  fail(`${error?.message ?? error}\n--- server stderr ---\n${stderr}`);
} finally {
  clearTimeout(timer);
  await client.close().catch(() => {});
}
