// `generate --check`: the committed output is compared with a fresh generation, file by file.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { expect, it } from "vitest";
import { driftOf, writeOutput } from "../../codegen/generate.js";
import { generateQuietly, miniAllowlist, miniSpec, repoRoot } from "./support.js";

const run = promisify(execFile);

it("reports changed, missing and stale files; nothing when up to date", async () => {
  const out = join(mkdtempSync(join(tmpdir(), "codegen-check-")), "generated");
  const { files } = await generateQuietly({ specPath: miniSpec, allowlistPath: miniAllowlist });
  writeOutput(out, files);
  expect(driftOf(out, files)).toEqual([]);

  writeFileSync(join(out, "catalog.ts"), `${readFileSync(join(out, "catalog.ts"), "utf8")}// hand edit\n`);
  writeFileSync(join(out, "extra.ts"), "export {};\n");
  const fewer = new Map(files);
  fewer.set("new.ts", "export {};\n");
  expect(driftOf(out, fewer)).toEqual(["catalog.ts: differs", "new.ts: missing", "extra.ts: not generated (stale file)"]);
});

// "Up to date" is driftOf returning nothing (above); one spawn shows the CLI's stale report and exit code.
it("the CLI exits 1 and names the stale files", async () => {
  const out = join(mkdtempSync(join(tmpdir(), "codegen-check-")), "generated");
  const { files } = await generateQuietly({ specPath: miniSpec, allowlistPath: miniAllowlist });
  writeOutput(out, files);
  writeFileSync(join(out, "schemas.ts"), "// edited\n");
  const args = ["codegen/cli.ts", "generate", "--spec", miniSpec, "--allowlist", miniAllowlist, "--out", out, "--check"];
  const stale = await run(join(repoRoot, "node_modules", ".bin", "tsx"), args, { cwd: repoRoot }).catch((err: { code: number; stderr: string }) => err);
  expect((stale as { code: number }).code).toBe(1);
  expect((stale as { stderr: string }).stderr).toMatch(/is stale against spec 2099\.01\.0:\n  schemas\.ts: differs\n\(run `npm run generate`/);
});
