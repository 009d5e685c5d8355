// spec:pull puts the pinned spec in place only when its sha256 matches; resolution order --spec → pulled.
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatCodegenError } from "../../codegen/errors.js";
import { pullSpec, readPin, resolveSpecPath, sha256Of } from "../../codegen/spec-pin.js";
import { miniSpec, repoRoot } from "./support.js";

function repoWithPin(content: string): { root: string; pinned: string } {
  const root = mkdtempSync(join(tmpdir(), "codegen-pin-"));
  mkdirSync(join(root, "specs"));
  const pin = { release: "2099.01.0", sha256: sha256Of(content), url: "https://example.test/dist/2099.01.0/management-minimal.yaml" };
  writeFileSync(join(root, "specs", "pin.json"), JSON.stringify(pin));
  const source = join(root, "source.yaml");
  writeFileSync(source, content);
  return { root, pinned: source };
}

describe("spec:pull", () => {
  it("copies a file whose hash matches the pin into specs/", async () => {
    const { root, pinned } = repoWithPin("openapi: 3.0.3\n");
    const target = await pullSpec(root, { from: pinned });
    expect(target).toBe(join(root, "specs", "okta-management-2099.01.0.yaml"));
    expect(readFileSync(target, "utf8")).toBe("openapi: 3.0.3\n");
  });

  it("refuses a file with another hash and writes nothing", async () => {
    const { root } = repoWithPin("openapi: 3.0.3\n");
    const error = await pullSpec(root, { from: miniSpec }).catch((err: unknown) => err);
    expect(formatCodegenError(error)).toMatch(/^okta-mcp-server codegen: spec .*mini\.yaml has sha256 [0-9a-f]{64}, but specs\/pin\.json pins 2099\.01\.0 at/);
    expect(readdirSync(join(root, "specs"))).toEqual(["pin.json"]);
  });

  it("downloads from the pinned URL when no --from is given", async () => {
    const { root } = repoWithPin("openapi: 3.0.3\n");
    const requested: string[] = [];
    const fetchImpl = (async (url: string) => {
      requested.push(url);
      return new Response("openapi: 3.0.3\n");
    }) as unknown as typeof fetch;
    await pullSpec(root, { fetchImpl });
    expect(requested).toEqual(["https://example.test/dist/2099.01.0/management-minimal.yaml"]);
    expect(existsSync(join(root, "specs", "okta-management-2099.01.0.yaml"))).toBe(true);
  });

  it("an HTTP failure is a clear error", async () => {
    const { root } = repoWithPin("openapi: 3.0.3\n");
    const fetchImpl = (async () => new Response("nope", { status: 404 })) as unknown as typeof fetch;
    const error = await pullSpec(root, { fetchImpl }).catch((err: unknown) => err);
    expect(formatCodegenError(error)).toBe(
      "okta-mcp-server codegen: download of https://example.test/dist/2099.01.0/management-minimal.yaml failed with HTTP 404 (use --from PATH with a local copy)",
    );
  });
});

describe("the repo pin", () => {
  it("pins 2026.06.3 by hash and upstream URL", () => {
    expect(readPin(repoRoot)).toEqual({
      release: "2026.06.3",
      sha256: "291293032a071bc368f139fea20442cc72e30fe1adfcff3b9753a2b9ddfece52",
      url: "https://raw.githubusercontent.com/okta/okta-management-openapi-spec/master/dist/2026.06.3/management-minimal.yaml",
    });
  });

  it("resolution: --spec, then the pulled file", () => {
    const { root, pinned } = repoWithPin("openapi: 3.0.3\n");
    const pin = readPin(root);
    expect(resolveSpecPath(root, pin, miniSpec)).toEqual({ path: miniSpec, pinned: false });
    expect(() => resolveSpecPath(root, pin)).toThrow(/no Okta management spec 2099\.01\.0 found/);
    copyFileSync(pinned, join(root, "specs", "okta-management-2099.01.0.yaml"));
    expect(resolveSpecPath(root, pin)).toEqual({ path: join(root, "specs", "okta-management-2099.01.0.yaml"), pinned: true });
  });
});
