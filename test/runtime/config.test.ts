import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readAllowlistNames } from "../../src/runtime/allowlist-file.js";
import { loadConfig } from "../../src/runtime/config.js";
import { ConfigError } from "../../src/runtime/errors.js";
import { resolveSelection } from "../../src/runtime/inventory.js";
import { fixtureCatalog } from "./fixtures/catalog.js";

const base = { OKTA_ORG_URL: "https://example.okta.com", OKTA_API_TOKEN: "t", OKTA_SCOPES: "okta.users.read, okta.groups.read okta.users.read" };

describe("loadConfig", () => {
  it("reads env and flags into a frozen config with defaults", () => {
    const config = loadConfig({ ...base, XDG_STATE_HOME: "/state" }, { toolsets: "users,groups", readOnly: true });
    expect(Object.isFrozen(config)).toBe(true);
    expect(config).toMatchObject({
      orgUrl: "https://example.okta.com",
      scopes: ["okta.users.read", "okta.groups.read"],
      toolsets: ["users", "groups"],
      readOnly: true,
      confirm: true,
      timeoutMs: 30_000,
      maxItems: 1000,
      toolMode: "direct",
      catalog: "default",
      audit: { kind: "file", path: "/state/okta-mcp-server/audit.jsonl" },
    });
  });

  it("maps --audit-log - and off, --no-confirm, numbers", () => {
    expect(loadConfig(base, { auditLog: "-" }).audit).toEqual({ kind: "stderr" });
    expect(loadConfig(base, { auditLog: "off" }).audit).toEqual({ kind: "off" });
    expect(loadConfig(base, { confirm: false }).confirm).toBe(false);
    expect(loadConfig(base, { timeout: "5000", maxItems: "50" })).toMatchObject({ timeoutMs: 5000, maxItems: 50 });
  });

  it("confirmation: the approval page by default, the token path only on the operator's opt-in, and the page's opener", () => {
    expect(loadConfig(base, {})).toMatchObject({ confirm: true, confirmWithToken: false, approvalTimeoutMs: 300_000, browserCommand: undefined });
    expect(loadConfig(base, { confirmWithToken: true }).confirmWithToken).toBe(true);
    expect(loadConfig({ ...base, OKTA_MCP_CONFIRM_WITH_TOKEN: "1" }, {}).confirmWithToken).toBe(true);
    expect(loadConfig({ ...base, OKTA_MCP_APPROVAL_TIMEOUT: "30" }, {}).approvalTimeoutMs).toBe(30_000);
    expect(loadConfig(base, { approvalTimeout: "5" }).approvalTimeoutMs).toBe(5_000);
    expect(loadConfig({ ...base, OKTA_MCP_BROWSER: "/usr/bin/firefox" }, {}).browserCommand).toBe("/usr/bin/firefox");
    expect(() => loadConfig(base, { approvalTimeout: "0" })).toThrow(/--approval-timeout must be a positive integer/);
  });

  it("allows http only for loopback org URLs", () => {
    expect(loadConfig({ ...base, OKTA_ORG_URL: "http://127.0.0.1:8080" }, {}).orgUrl).toBe("http://127.0.0.1:8080");
    expect(loadConfig({ ...base, OKTA_ORG_URL: "http://localhost:1" }, {}).orgUrl).toBe("http://localhost:1");
  });

  const bad: [string, Record<string, string>, Record<string, unknown>, RegExp][] = [
    ["no org", { OKTA_API_TOKEN: "t", OKTA_SCOPES: "a" }, {}, /OKTA_ORG_URL is not set/],
    ["http org", { ...base, OKTA_ORG_URL: "http://example.okta.com" }, {}, /https/],
    ["org with a path", { ...base, OKTA_ORG_URL: "https://example.okta.com/admin" }, {}, /without a path/],
    ["not a URL", { ...base, OKTA_ORG_URL: "example" }, {}, /not a URL/],
    ["bad DPoP mode", { ...base, OKTA_DPOP: "sometimes" }, {}, /OKTA_DPOP must be auto, always or never/],
    ["no scopes", { ...base, OKTA_SCOPES: "" }, {}, /OKTA_SCOPES is empty/],
    ["bad log level", { ...base, OKTA_LOG_LEVEL: "loud" }, {}, /OKTA_LOG_LEVEL/],
    ["bad timeout", base, { timeout: "-1" }, /--timeout/],
    ["bad tool mode", base, { toolMode: "both" }, /--tool-mode/],
    ["port without sandbox", base, { sandboxPort: "8080" }, /--sandbox-port needs --sandbox/],
  ];
  for (const [name, env, flags, message] of bad) {
    it(`refuses ${name} with a ConfigError naming the fix`, () => {
      expect(() => loadConfig(env, flags)).toThrow(ConfigError);
      expect(() => loadConfig(env, flags)).toThrow(message);
    });
  }

  it("reads DPoP and browser settings", () => {
    expect(loadConfig(base, {})).toMatchObject({ dpop: "auto", openBrowser: true });
    expect(loadConfig({ ...base, OKTA_DPOP: "never", OKTA_MCP_NO_BROWSER: "1" }, {})).toMatchObject({ dpop: "never", openBrowser: false });
    expect(loadConfig({ ...base, OKTA_DPOP: "never" }, { dpop: "always", browser: false })).toMatchObject({ dpop: "always", openBrowser: false });
  });

  it("needs no org or credentials with --sandbox", () => {
    expect(loadConfig({}, { sandbox: true, sandboxPort: "4000" })).toMatchObject({ sandbox: true, sandboxPort: 4000, orgUrl: undefined });
  });
});

describe("run-time allowlist", () => {
  const write = (text: string) => {
    const path = join(mkdtempSync(join(tmpdir(), "allow-")), "narrow.yaml");
    writeFileSync(path, text);
    return path;
  };

  it("reads tool names, operationIds and whole toolsets, and narrows the selection", async () => {
    const path = write(`toolsets:
  users:
    tools:
      - getUser: okta.users.read
      - listUsers: { scopes: okta.users.read, fields: [id] }
  logs:
`);
    const names = await readAllowlistNames(path);
    expect(names).toEqual({ tools: ["getUser", "listUsers"], toolsets: ["logs"] });
    const inventory = resolveSelection(fixtureCatalog, { allowlist: names });
    expect(inventory.selected.map((t) => t.name)).toEqual(["list_users", "get_user", "get_login_failures"]);
  });

  it("uses an entry's name when given", async () => {
    const names = await readAllowlistNames(write(`toolsets:\n  users:\n    tools:\n      - deactivateUser: { name: deactivate_user, scopes: okta.users.manage }\n`));
    expect(names.tools).toEqual(["deactivate_user"]);
  });

  it("refuses names not in the generated table", async () => {
    const names = await readAllowlistNames(write(`toolsets:\n  users:\n    tools:\n      - noSuchOperation: okta.users.read\n`));
    expect(() => resolveSelection(fixtureCatalog, { allowlist: names })).toThrow(/noSuchOperation.*not in the generated tool table/);
  });

  it("refuses a missing file and bad YAML with one line", async () => {
    await expect(readAllowlistNames("/nonexistent/allow.yaml")).rejects.toThrow(/cannot read --allowlist/);
    await expect(readAllowlistNames(write("toolsets: [unclosed"))).rejects.toThrow(ConfigError);
  });
});
