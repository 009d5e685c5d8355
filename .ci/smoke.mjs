// Smoke run: start the server with --sandbox and drive it through a real MCP client over stdio.
// Usage: node .ci/smoke.mjs [--mode default|allowlist|discover] [--allowlist FILE] [COMMAND ARGS...]
// (default command: node dist/runtime/cli.js, the bundled bin), run in the folder to start it in. The mode adds its flags after
// the command's own: default = the default exposure; allowlist = --allowlist FILE; discover = --catalog all
// --tool-mode discover. Exits non-zero (with the reason on stderr) when anything a newcomer would try does not work.
import { readFileSync } from "node:fs";
import { Client } from "@modelcontextprotocol/client";
import { StdioClientTransport } from "@modelcontextprotocol/client/stdio";
import { parse } from "yaml";

const fail = (message) => {
  console.error(`smoke: FAILED: ${message}`);
  process.exit(1);
};
const timer = setTimeout(() => fail("timed out after 90 s"), 90_000);

const argv = process.argv.slice(2);
let mode = "default";
let allowlist;
while (argv[0]?.startsWith("--")) {
  const flag = argv.shift();
  if (flag === "--mode") mode = argv.shift();
  else if (flag === "--allowlist") allowlist = argv.shift();
  else fail(`unknown option ${flag}`);
}
if (mode === "allowlist" && !allowlist) fail("--mode allowlist needs --allowlist FILE");
const modeArgs = { default: [], allowlist: ["--allowlist", allowlist], discover: ["--catalog", "all", "--tool-mode", "discover"] }[mode];
if (!modeArgs) fail(`unknown mode ${mode}`);

const [command, ...commandArgs] = argv.length ? argv : [process.execPath, "dist/runtime/cli.js"];
const transport = new StdioClientTransport({
  command,
  args: [...commandArgs, "--sandbox", "--audit-log", "off", ...modeArgs],
  cwd: process.cwd(),
  stderr: "pipe",
});
let stderr = "";
transport.stderr?.on("data", (chunk) => (stderr += chunk));
const client = new Client({ name: "ci-smoke", version: "1.0.0" });

const items = (result, what) => {
  if (result.isError) fail(`${what} returned an error: ${JSON.stringify(result.content)}`);
  const list = result.structuredContent?.items;
  if (!Array.isArray(list) || list.length !== 3) fail(`${what} did not return 3 users: ${JSON.stringify(result.structuredContent)}`);
  return list;
};

try {
  await client.connect(transport);
  const { tools } = await client.listTools();
  const names = tools.map((t) => t.name);
  let users;
  if (mode === "default") {
    if (tools.length < 50 || tools.length > 80) fail(`expected the default exposure (50 to 80 tools), got ${tools.length}`);
    users = items(await client.callTool({ name: "list_users", arguments: { limit: 3 } }), "list_users");
  } else if (mode === "allowlist") {
    const doc = parse(readFileSync(allowlist, "utf8"));
    const allowed = Object.values(doc.toolsets).flatMap((t) => t.tools ?? []);
    const expected = [...allowed, "get_auth_status"].sort();
    if (JSON.stringify([...names].sort()) !== JSON.stringify(expected)) fail(`--allowlist: expected ${expected.join(", ")}, got ${names.join(", ")}`);
    users = items(await client.callTool({ name: "list_users", arguments: { limit: 3 } }), "list_users");
    const hidden = await client.callTool({ name: "list_groups", arguments: {} });
    if (!hidden.isError) fail("--allowlist: list_groups ran although the allowlist leaves it out");
  } else {
    const expected = ["search_operations", "describe_operation", "call_operation", "run_playbook", "security_report", "get_auth_status"];
    if (JSON.stringify([...names].sort()) !== JSON.stringify([...expected].sort())) fail(`discover mode: expected ${expected.join(", ")}, got ${names.join(", ")}`);
    const found = await client.callTool({ name: "search_operations", arguments: { query: "agent pools" } });
    if (found.isError || !JSON.stringify(found.structuredContent).includes("list_agent_pools")) fail(`search_operations did not find list_agent_pools in --catalog all: ${JSON.stringify(found.content)}`);
    users = items(await client.callTool({ name: "call_operation", arguments: { tool: "list_users", arguments: { limit: 3 } } }), "call_operation list_users");
  }
  if (!/sandbox/i.test(stderr)) fail("no sandbox banner on stderr");
  console.log(`smoke (${mode}): ok (${tools.length} tools listed, list_users returned ${users.length} users)`);
} catch (error) {
  fail(`${error?.message ?? error}\n--- server stderr ---\n${stderr}`);
} finally {
  clearTimeout(timer);
  await client.close().catch(() => {});
}
