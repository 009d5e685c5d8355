// One test per kind of bad input: a clear one-line message with a fix, a non-zero exit, nothing written.
import { execFile } from "node:child_process";
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { CodegenError, CodegenErrorList, formatCodegenError } from "../../codegen/errors.js";
import { generateQuietly, miniSpec, repoRoot } from "./support.js";

const run = promisify(execFile);
const tsx = join(repoRoot, "node_modules", ".bin", "tsx");
const cli = join(repoRoot, "codegen", "cli.ts");

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "codegen-errors-"));
}

function allowlistFile(body: string): string {
  const path = join(tempDir(), "allowlist.yaml");
  writeFileSync(path, `toolsets:\n  widgets:\n    tools:\n${body}`);
  return path;
}

async function failureOf(allowlist: string, specPath = miniSpec): Promise<string> {
  const error = await generateQuietly({ specPath, allowlistPath: allowlist }).then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(error).toBeInstanceOf(CodegenError);
  const line = formatCodegenError(error);
  expect(line).toMatch(/^okta-mcp-server codegen: .+ \(.+\)$/);
  expect(line).not.toContain("\n");
  return line;
}

describe("bad allowlists", () => {
  it("malformed YAML names file:line:column", async () => {
    const path = allowlistFile("      - listWidgets: { scopes: okta.widgets.read\n      - deleteWidget: okta.widgets.manage\n");
    const line = await failureOf(path);
    expect(line).toContain(`malformed YAML in allowlist ${path}:`);
    expect(line).toMatch(/allowlist\.yaml:\d+:\d+: /);
  });

  it("unknown operationId suggests the nearest one", async () => {
    const line = await failureOf(allowlistFile("      - listWidget: okta.widgets.read\n"));
    expect(line).toMatch(/allowlist\.yaml:4:9: unknown operationId "listWidget" in spec 2099\.01\.0 \(did you mean "listWidgets"\?\)$/);
  });

  it("duplicate tool names", async () => {
    const line = await failureOf(
      allowlistFile("      - listWidgets: okta.widgets.read\n      - deleteWidget: { name: list_widgets, scopes: okta.widgets.manage }\n"),
    );
    expect(line).toContain('allowlist.yaml:5:9: duplicate tool name "list_widgets" (also at line 4) (give one of them another `name:`)');
  });

  it("a scope that disagrees with the spec shows both", async () => {
    const line = await failureOf(allowlistFile("      - createWidget: okta.widgets.manage\n"));
    expect(line).toContain(
      "scopes of createWidget disagree with the spec: allowlist has okta.widgets.manage, spec has okta.widgets.manage AND okta.groups.manage (write `scopes: [okta.widgets.manage, okta.groups.manage]`)",
    );
  });

  it("a tool with no scope is refused", async () => {
    const line = await failureOf(allowlistFile("      - deleteWidget: { name: remove_widget }\n"));
    expect(line).toContain("tool remove_widget (deleteWidget) has no scope (add `scopes: okta.widgets.manage` as the spec declares)");
  });

  it("no scope for an operation the spec leaves unscoped still needs `scopes: none`", async () => {
    const line = await failureOf(allowlistFile("      - getMiniMetadata: {}\n"));
    expect(line).toContain("has no scope (the spec declares none: write `scopes: none`)");
  });

  it("`scopes: none` on an operation that has scopes is refused", async () => {
    const line = await failureOf(allowlistFile("      - deleteWidget: { scopes: none }\n"));
    expect(line).toContain("deleteWidget says `scopes: none` but the spec requires okta.widgets.manage");
  });

  it("presets naming an unknown argument", async () => {
    const line = await failureOf(allowlistFile("      - listWidgets: { scopes: okta.widgets.read, presets: { colour: red } }\n"));
    expect(line).toContain('presets names "colour", which is not an argument of listWidgets (use one of after, limit, content_type)');
  });

  it("describe naming an unknown argument, or with an empty text", async () => {
    const unknown = await failureOf(allowlistFile("      - listWidgets: { scopes: okta.widgets.read, describe: { colour: Paint } }\n"));
    expect(unknown).toContain('describe names "colour", which is not an argument of listWidgets');
    const empty = await failureOf(allowlistFile("      - listWidgets: { scopes: okta.widgets.read, describe: { limit: '' } }\n"));
    expect(empty).toMatch(/describe\.limit of listWidgets must be a non-empty string/);
  });
});

describe("every problem of an allowlist in one run", () => {
  it("unknown operationIds, scope mismatches, unknown arguments and duplicate names: one line each, with file:line, in file order", async () => {
    const path = allowlistFile(
      [
        "      - listWidget: okta.widgets.read", // line 4: unknown (typo)
        "      - createWidget: okta.widgets.manage", // line 5: scopes disagree
        "      - deleteWidget: { name: list_widgets, scopes: okta.widgets.manage }", // line 6
        "      - listWidgets: okta.widgets.read", // line 7: duplicate of line 6's name
        "      - replaceWidget: { scopes: okta.widgets.manage, hide: [colour] }", // line 8: unknown argument
        "      - removedWidgetOp: okta.widgets.read", // line 9: unknown
        "",
      ].join("\n"),
    );
    const error = await generateQuietly({ specPath: miniSpec, allowlistPath: path }).catch((err: unknown) => err);
    expect(error).toBeInstanceOf(CodegenErrorList);
    const lines = formatCodegenError(error).split("\n");
    expect(lines[0]).toBe(`okta-mcp-server codegen: 5 problems in allowlist ${path} against spec 2099.01.0:`);
    expect(lines.slice(1).map((line) => line.replace(path, "FILE"))).toEqual([
      '  FILE:4:9: unknown operationId "listWidget" in spec 2099.01.0 (did you mean "listWidgets"?)',
      "  FILE:5:9: scopes of createWidget disagree with the spec: allowlist has okta.widgets.manage, spec has okta.widgets.manage AND okta.groups.manage (write `scopes: [okta.widgets.manage, okta.groups.manage]`)",
      '  FILE:7:9: duplicate tool name "list_widgets" (also at line 6) (give one of them another `name:`)',
      expect.stringMatching(/^ {2}FILE:8:9: hide names "colour", which is not an argument of replaceWidget \(use one of /),
      expect.stringMatching(/^ {2}FILE:9:9: unknown operationId "removedWidgetOp" in spec 2099\.01\.0 \(/),
    ]);
  });

  it("shape problems of several entries are reported together too", async () => {
    const path = allowlistFile("      - listWidgets: { scopes: okta.widgets.read, colour: red }\n      - deleteWidget: { effect: explode, scopes: okta.widgets.manage }\n");
    const lines = formatCodegenError(await generateQuietly({ specPath: miniSpec, allowlistPath: path }).catch((err: unknown) => err)).split("\n");
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain(':4:9: unknown option "colour" on listWidgets');
    expect(lines[2]).toContain(':5:9: effect "explode" of deleteWidget is not read, write or destructive');
  });

  it("an operation missing from a newer spec than the allowlist's release is called removed or renamed", async () => {
    const path = join(tempDir(), "allowlist.yaml");
    writeFileSync(path, "release: 2098.12.0\ntoolsets:\n  widgets:\n    tools:\n      - listGadgets: okta.widgets.read\n");
    const line = formatCodegenError(await generateQuietly({ specPath: miniSpec, allowlistPath: path }).catch((err: unknown) => err));
    expect(line).toMatch(/:5:9: operationId "listGadgets" is not in spec 2099\.01\.0 \(the allowlist was written for 2098\.12\.0: removed or renamed\) \(did you mean "listWidgets"\? Otherwise remove the entry\)$/);
  });
});

describe("schema noise", () => {
  it("in a curated table fails generate with every finding (the all-operations table only warns)", async () => {
    const path = allowlistFile(
      "      - listWidgets: { scopes: okta.widgets.read, description: 'Lists widgets and…' }\n      - deleteWidget: { scopes: okta.widgets.manage, describe: { id: 'ID of the...' } }\n",
    );
    const error = await generateQuietly({ specPath: miniSpec, allowlistPath: path }).catch((err: unknown) => err);
    const lines = formatCodegenError(error).split("\n");
    expect(lines[0]).toBe("okta-mcp-server codegen: 2 tools with schema noise (2 findings) in the curated table (nothing written):");
    // Cut off even where a lifecycle note follows the cut.
    expect(lines[1]).toMatch(/^ {2}list_widgets: truncated: description is cut off: "Lists widgets and… Early Access: the featu\[\.\.\.\]" \(fix it in the generator, or in the allowlist/);
    expect(lines[2]).toMatch(/^ {2}delete_widget: truncated: inputSchema\.properties\.id\.description is cut off: "ID of the\.\.\."/);
  });
});

describe("spec pin", () => {
  function repoWithPin(specBytes: string | Buffer): string {
    const root = tempDir();
    mkdirSync(join(root, "specs"));
    copyFileSync(join(repoRoot, "specs", "pin.json"), join(root, "specs", "pin.json"));
    writeFileSync(join(root, "specs", "okta-management-2026.06.3.yaml"), specBytes);
    writeFileSync(join(root, "tools.allowlist.yaml"), "toolsets:\n  widgets:\n    tools:\n      - listWidgets: okta.widgets.read\n");
    return root;
  }

  it("a pulled spec whose hash differs from the pin is refused", async () => {
    const root = repoWithPin(readFileSync(miniSpec));
    const error = await generateQuietly({ repoRoot: root }).catch((err: unknown) => err);
    expect(formatCodegenError(error)).toMatch(
      /^okta-mcp-server codegen: spec .*okta-management-2026\.06\.3\.yaml has sha256 [0-9a-f]{64}, but specs\/pin\.json pins 2026\.06\.3 at 291293032a07.* \(run `npm run spec:pull`.*--spec FILE.*\)$/,
    );
  });

  it("--spec FILE skips the pin check and says so", async () => {
    const root = repoWithPin(readFileSync(miniSpec));
    const notes: string[] = [];
    const result = await generateQuietly({ repoRoot: root, specPath: miniSpec, log: (m) => notes.push(m) });
    expect(result.built.catalog.tools.map((t) => t.name)).toEqual(["list_widgets"]);
    expect(notes).toEqual([`spec ${miniSpec} given with --spec: not checked against the pin (2026.06.3)`]);
  });

  it("no tools.allowlist.yaml and no --allowlist", async () => {
    const error = await generateQuietly({ repoRoot: tempDirWithPin(), specPath: miniSpec }).catch((err: unknown) => err);
    expect(formatCodegenError(error)).toBe(
      "okta-mcp-server codegen: tools.allowlist.yaml not found at the repo root (create it, or pass --allowlist FILE (or --all))",
    );
  });

  function tempDirWithPin(): string {
    const root = tempDir();
    mkdirSync(join(root, "specs"));
    copyFileSync(join(repoRoot, "specs", "pin.json"), join(root, "specs", "pin.json"));
    return root;
  }
});

// The messages of every kind of bad input are tested in-process above, and generate() returns its files without
// writing them (the CLI writes only after it succeeds). One spawn proves what only the real CLI shows, the same for
// every command: exit code 2, one stderr line without a stack, and nothing written. It uses the lightest command that
// fails (spec:pull of a file whose hash is not the pinned one), not generate, which loads the whole generator.
describe("the CLI on bad input", () => {
  it("exits 2 with one stderr line, no stack, and writes nothing", async () => {
    const notTheSpec = join(tempDir(), "okta-management.yaml");
    writeFileSync(notTheSpec, "openapi: 3.0.3\n");
    const specsBefore = readdirSync(join(repoRoot, "specs"));
    const failure = await run(tsx, [cli, "spec:pull", "--from", notTheSpec], { cwd: repoRoot }).then(
      () => undefined,
      (err: { code: number; stdout: string; stderr: string }) => err,
    );
    expect(failure?.code).toBe(2);
    expect(failure?.stdout).toBe("");
    const lines = (failure?.stderr ?? "").trim().split("\n");
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^okta-mcp-server codegen: .*has sha256 [0-9a-f]{64}, but specs\/pin\.json pins .* \(.+\)$/);
    expect(failure?.stderr).not.toMatch(/^\s+at /m);
    expect(readdirSync(join(repoRoot, "specs"))).toEqual(specsBefore);
  });
});
