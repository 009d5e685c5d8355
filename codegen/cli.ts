// Command line of the generator: wiring only (the one place that exits the process).
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Command } from "commander";
import type { JsonSchema } from "../src/tool-spec.js";
import { CodegenError, formatCodegenError } from "./errors.js";
import { specCacheDir } from "./spec-cache.js";
import { pullSpec, readPin } from "./spec-pin.js";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const log = (message: string) => process.stderr.write(`okta-mcp-server codegen: ${message}\n`);

// Written by another module owner; loaded by a computed specifier so that type-checking never depends on it.
async function loadZodSource(): Promise<(schema: JsonSchema) => string> {
  const specifier = "./transform/zod-source.js";
  try {
    const mod = (await import(specifier)) as { zodSource?: (schema: JsonSchema) => string };
    if (typeof mod.zodSource !== "function") throw new Error("no zodSource export");
    return mod.zodSource;
  } catch (cause) {
    throw new CodegenError("codegen/transform/zod-source.ts is missing or does not export zodSource", "add it (it turns a JSON Schema into zod source)", { cause });
  }
}

async function run(argv: string[]): Promise<number> {
  let exitCode = 0;
  const program = new Command("codegen").exitOverride().showHelpAfterError();
  program
    .command("generate")
    .description("pinned spec + tools.allowlist.yaml → src/generated/")
    .option("--spec <file>", "spec file (skips the pin check)")
    .option("--allowlist <file>", "allowlist file (default tools.allowlist.yaml)")
    .option("--out <dir>", "output folder (default src/generated)")
    .option("--all", "every operation of the spec (also writes allowlists/all.yaml)")
    .option("--check", "compare with the output folder instead of writing; non-zero exit when stale")
    .action(async (opts: { spec?: string; allowlist?: string; out?: string; all?: boolean; check?: boolean }) => {
      const started = performance.now();
      // Started first: the worker imports openapi-typescript and the tokenizer while this thread reads the spec and builds the table.
      const { startOffload } = await import("./offload.js");
      const offload = startOffload(opts.check ? ["types"] : ["types", "tokens"]);
      const { driftOf, generate, loadPinnedSpec, writeFileAtomic, writeOutput } = await import("./generate.js");
      const { countTokens } = await import("./tokens.js");
      if (opts.all && !opts.out) throw new CodegenError("--all needs --out DIR", "src/generated holds the curated table and src/generated-all the all-operations one; pass --out DIR");
      // Without --out/--all/--allowlist this is the project's own output: the curated table in src/generated
      // and the all-operations table (discovery mode, --catalog all) in src/generated-all, from one parse of the spec.
      const targets =
        opts.out || opts.all || opts.allowlist
          ? [{ out: resolve(opts.out ?? resolve(repoRoot, "src", "generated")), all: opts.all === true, allowlist: opts.allowlist, types: true }]
          : [
              { out: resolve(repoRoot, "src", "generated"), all: false, allowlist: undefined, types: true },
              { out: resolve(repoRoot, "src", "generated-all"), all: true, allowlist: undefined, types: false },
            ];
      const loadedSpec = loadPinnedSpec(repoRoot, opts.spec, log, specCacheDir(repoRoot));
      const zodSource = await loadZodSource();
      // Every table is generated and checked before anything is written: a failure leaves every folder as it was.
      const results = [];
      for (const target of targets) {
        results.push({ target, result: await generate({ repoRoot, loadedSpec, allowlistPath: target.allowlist, all: target.all, types: target.types, zodSource, offload, log }) });
      }
      for (const { target, result } of results) {
        const tools = result.built.catalog.tools;
        if (opts.check) {
          const drift = driftOf(target.out, result.files);
          if (drift.length) {
            log(`${target.out} is stale against spec ${result.spec.release}:\n  ${drift.join("\n  ")}\n(run \`npm run generate\` and commit the result)`);
            exitCode = 1;
          } else log(`${target.out} is up to date (${tools.length} tools, spec ${result.spec.release})`);
          continue;
        }
        writeOutput(target.out, result.files);
        if (result.allYaml) writeFileAtomic(resolve(repoRoot, "allowlists", "all.yaml"), result.allYaml);
        // Counted on the written table (catalog.json), key order included: what the server will serve.
        const tokens = await countTokens((JSON.parse(result.files.get("catalog.json") as string) as { tools: typeof tools }).tools, offload.tokenCounts);
        const listUsers = tokens.perTool.find((t) => t.name === "list_users");
        log(`wrote ${result.files.size} files to ${target.out}: ${tools.length} tools from spec ${result.spec.release} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
        log(
          `tools/list cost: ${tokens.total} o200k tokens${listUsers ? `; list_users ${listUsers.tokens}` : ""}; largest: ${tokens.perTool
            .slice(0, 5)
            .map((t) => `${t.name} ${t.tokens}`)
            .join(", ")}`,
        );
      }
    });
  program
    .command("spec:pull")
    .description("fetch the pinned spec into specs/ after checking its sha256")
    .option("--from <file>", "copy a local file instead of downloading")
    .action(async (opts: { from?: string }) => {
      const path = await pullSpec(repoRoot, { from: opts.from });
      log(`spec pinned in specs/pin.json is in place: ${path}`);
      // Parsed once now, so that the first `npm run generate` reads the cached form too.
      const { loadSpec } = await import("./load.js");
      loadSpec(path, readPin(repoRoot), { cacheDir: specCacheDir(repoRoot) });
    });
  program
    .command("spec:diff")
    .description("what changed for the allowlisted tools between two spec releases")
    .argument("<old>", "older spec file")
    .argument("<new>", "newer spec file")
    .option("--allowlist <file>", "allowlist file (default tools.allowlist.yaml)")
    .action(async (oldSpec: string, newSpec: string, opts: { allowlist?: string }) => {
      const { diffSpecs, formatDiff } = await import("./diff.js");
      const report = diffSpecs({ repoRoot, oldSpec, newSpec, allowlistPath: opts.allowlist });
      process.stdout.write(formatDiff(report));
      if (report.breaking) exitCode = 1;
    });
  program
    .command("regenerate")
    .description("move to another spec release: pull it, print spec:diff, update the pin, regenerate, run the tests")
    .requiredOption("--release <release>", "Okta spec release, e.g. 2026.07.0")
    .option("--from <file>", "a local copy of that release instead of downloading it")
    .option("--skip-tests", "do not run npm test at the end")
    .option("--strict", "exit non-zero when the diff finds breaking changes")
    .action(async (opts: { release: string; from?: string; skipTests?: boolean; strict?: boolean }) => {
      const { regenerate } = await import("./regenerate.js");
      const breaking = await regenerate({ repoRoot, release: opts.release, from: opts.from, skipTests: opts.skipTests, log });
      if (breaking && opts.strict) exitCode = 1;
    });
  try {
    await program.parseAsync(argv, { from: "user" });
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === "commander.helpDisplayed" || code === "commander.version") return 0;
    if (typeof code === "string" && code.startsWith("commander.")) return 2;
    log(formatCodegenError(err).replace(/^okta-mcp-server codegen: /, ""));
    return 2;
  }
  return exitCode;
}

process.exitCode = await run(process.argv.slice(2));
process.exit();
