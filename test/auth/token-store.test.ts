import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { defaultStateDir, TokenStore } from "../../src/runtime/auth/token-store.js";
import { silentLogger } from "../../src/runtime/logger.js";
import { LogCollector, tempDir } from "./helpers.js";

const session = { requestedScopes: ["a"], accessToken: "at-1", tokenType: "bearer" as const, refreshToken: "rt-1" };

describe("TokenStore", () => {
  it("round-trips a session, keyed by org, client and flow", () => {
    const dir = tempDir();
    const logs = new LogCollector();
    const store = new TokenStore(dir, "https://a.okta.example", "c1", "device_authorization", logs.log);
    store.save(session);
    expect(store.load()).toMatchObject(session);
    const otherOrg = new TokenStore(dir, "https://b.okta.example", "c1", "device_authorization", logs.log);
    const otherClient = new TokenStore(dir, "https://a.okta.example", "c2", "device_authorization", logs.log);
    expect(new Set([store.path, otherOrg.path, otherClient.path]).size).toBe(3);
    expect(otherOrg.load()).toBeUndefined();
    expect(logs.lines).toEqual([]);
  });

  it("a corrupt file is ignored with a warning that carries no content", () => {
    const dir = tempDir();
    const logs = new LogCollector();
    const store = new TokenStore(dir, "https://a.okta.example", "c1", "device_authorization", logs.log);
    writeFileSync(store.path, '{"accessToken": "at-secret", ');
    expect(store.load()).toBeUndefined();
    expect(logs.at("warn").join()).toMatch(/not usable/);
    expect(logs.text()).not.toContain("at-secret");
  });

  it("a file copied from another org is not used", () => {
    const dir = tempDir();
    const a = new TokenStore(dir, "https://a.okta.example", "c1", "device_authorization", silentLogger);
    const b = new TokenStore(dir, "https://b.okta.example", "c1", "device_authorization", silentLogger);
    a.save(session);
    writeFileSync(b.path, readFileSync(a.path));
    expect(b.load()).toBeUndefined();
  });

  it("a state directory that cannot be created warns instead of throwing", () => {
    const blocker = join(tempDir(), "a-file");
    writeFileSync(blocker, "");
    const logs = new LogCollector();
    const store = new TokenStore(join(blocker, "state"), "https://a.okta.example", "c1", "device_authorization", logs.log);
    expect(() => store.save(session)).not.toThrow();
    expect(logs.at("warn").join()).toMatch(/Cannot store the Okta session .*\(ENOTDIR\)/);
    expect(logs.text()).not.toContain("at-1");
  });

  it("defaults to $XDG_STATE_HOME/okta-mcp-server, else ~/.local/state/okta-mcp-server", () => {
    expect(defaultStateDir({ XDG_STATE_HOME: "/x/state" })).toBe("/x/state/okta-mcp-server");
    expect(defaultStateDir({})).toMatch(/\.local\/state\/okta-mcp-server$/);
  });
});
