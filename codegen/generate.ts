// Orchestrates one generation: load → transform → emit into memory; then write atomically or compare (--check).
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { CodegenError, combineErrors } from "./errors.js";
import { emitFiles, type ZodSource } from "./emit.js";
import { DEFAULT_ALLOWLIST, loadAllowlist, loadSpec, parseAllowlist, type Allowlist, type LoadedSpec } from "./load.js";
import type { Offload } from "./offload.js";
import { readPin, resolveSpecPath } from "./spec-pin.js";
import { allAllowlistYaml } from "./transform/all-allowlist.js";
import { confirmationsByOperation } from "./transform/confirmation.js";
import { defaultToolName } from "./transform/names.js";
import { buildCatalog, type BuiltCatalog } from "./transform/catalog.js";
import { pruneSpec } from "./transform/prune-spec.js";
import { buildSchemaDocs, schemaAliases } from "./transform/schema-docs.js";
import { checkSurface, flaggedTools, formatFindings } from "./surface-check.js";

export interface GenerateOptions {
  repoRoot: string;
  /** --spec: skips the pin check. */
  specPath?: string;
  allowlistPath?: string;
  /** --all: every operation of the spec. */
  all?: boolean;
  zodSource: ZodSource;
  /** Emit openapi-typescript types (default true; the all-operations table skips them: the runtime types its calls against the default table). */
  types?: boolean;
  /** A worker thread already importing openapi-typescript (default: openapi-typescript on this thread). */
  offload?: Offload;
  /** A spec already loaded for another table of the same run (parsing the YAML costs seconds). */
  loadedSpec?: LoadedSpec;
  /** Notes for the operator (stderr). */
  log?: (message: string) => void;
}

export interface Generated {
  files: Map<string, string>;
  built: BuiltCatalog;
  spec: LoadedSpec;
  /** allowlists/all.yaml text, with --all. */
  allYaml?: string;
}

export function loadInputs(options: GenerateOptions): { spec: LoadedSpec; allowlist: Allowlist; allYaml?: string } {
  const log = options.log ?? (() => {});
  const spec = options.loadedSpec ?? loadPinnedSpec(options.repoRoot, options.specPath, log);
  if (options.all) {
    if (options.allowlistPath) throw new CodegenError("--all and --allowlist exclude each other", "pass only one of them");
    // The curated allowlist's privilege rule applies to every operation too.
    const curated = join(options.repoRoot, DEFAULT_ALLOWLIST);
    const own = existsSync(curated) ? loadAllowlist(curated) : undefined;
    const allYaml = allAllowlistYaml(spec.doc, spec.release, own?.privilege, own ? confirmationsByOperation(own.entries, defaultToolName) : {});
    return { spec, allowlist: parseAllowlist(allYaml, "allowlists/all.yaml"), allYaml };
  }
  const allowlistPath = options.allowlistPath ?? join(options.repoRoot, DEFAULT_ALLOWLIST);
  if (!options.allowlistPath && !existsSync(allowlistPath)) {
    throw new CodegenError(`${DEFAULT_ALLOWLIST} not found at the repo root`, "create it, or pass --allowlist FILE (or --all)");
  }
  return { spec, allowlist: loadAllowlist(allowlistPath) };
}

export function loadPinnedSpec(repoRoot: string, specPath: string | undefined, log: (message: string) => void, cacheDir?: string): LoadedSpec {
  const pin = readPin(repoRoot);
  const resolved = resolveSpecPath(repoRoot, pin, specPath);
  if (!resolved.pinned) log(`spec ${resolved.path} given with --spec: not checked against the pin (${pin.release})`);
  return loadSpec(resolved.path, resolved.pinned ? pin : undefined, { cacheDir });
}

export async function generate(options: GenerateOptions): Promise<Generated> {
  const { spec, allowlist, allYaml } = loadInputs(options);
  const built = buildCatalog(spec, allowlist);
  checkTableSurface(built, options);
  // Started before the schema docs and the other files: on the worker thread, openapi-typescript runs meanwhile.
  const openapiTypes = options.types === false ? undefined : typesFor(spec, built, options.offload);
  openapiTypes?.catch(() => {}); // emitFiles awaits it and reports its failure; this only covers a throw before that
  const schemaNames = new WeakMap<object, string>();
  const schemaDocs = buildSchemaDocs(spec.doc, built.catalog.tools, schemaNames);
  const aliases = schemaAliases(built.catalog.tools);
  const files = await emitFiles({
    catalog: built.catalog,
    validators: built.validators,
    schemaDocs,
    schemaAliases: aliases,
    schemaNames,
    openapiTypes,
    zodSource: options.zodSource,
  });
  return { files, built, spec, allYaml };
}

/**
 * Schema noise in a curated table (reviewed work) fails the run, every finding listed. The all-operations table
 * mirrors the spec with no per-tool allowlist to record a fix in, and a new Okta release must not block its
 * regeneration: it warns (test/codegen/surface-check.test.ts still holds the shipped tables to zero).
 */
function checkTableSurface(built: BuiltCatalog, options: GenerateOptions): void {
  const findings = checkSurface(built.catalog.tools);
  if (findings.length === 0) return;
  const summary = `${flaggedTools(findings).length} tools with schema noise (${findings.length} findings)`;
  if (options.all) {
    options.log?.(`warning: ${summary} in the all-operations table:\n  ${formatFindings(findings).join("\n  ")}`);
    return;
  }
  const fix = "fix it in the generator, or in the allowlist when it is a fact of this one tool";
  throw combineErrors(
    formatFindings(findings).map((line) => new CodegenError(line, fix)),
    () => `${summary} in the curated table (nothing written)`,
  );
}

async function typesFor(spec: LoadedSpec, built: BuiltCatalog, offload: Offload | undefined): Promise<string> {
  const pruned = pruneSpec(spec.doc, built.operations);
  try {
    if (offload) return await offload.typesOf(pruned);
    const { default: openapiTS, astToString } = await import("openapi-typescript");
    return astToString(await openapiTS(pruned as unknown as Parameters<typeof openapiTS>[0], { silent: true }));
  } catch (cause) {
    const message = cause instanceof Error ? cause.message.split("\n")[0] : String(cause);
    throw new CodegenError(`openapi-typescript failed on the allowlisted operations: ${message}`, "check the spec with the allowlist entries named above", { cause });
  }
}

/** Writes every file into a temp dir next to `outDir`, then swaps it in: a failure leaves `outDir` untouched. */
export function writeOutput(outDir: string, files: Map<string, string>): void {
  const target = resolve(outDir);
  mkdirSync(dirname(target), { recursive: true });
  const temp = join(dirname(target), `.${basename(target)}.tmp-${process.pid}`);
  const old = join(dirname(target), `.${basename(target)}.old-${process.pid}`);
  rmSync(temp, { recursive: true, force: true });
  mkdirSync(temp);
  for (const [name, text] of files) writeFileSync(join(temp, name), text);
  if (existsSync(target)) renameSync(target, old);
  renameSync(temp, target);
  rmSync(old, { recursive: true, force: true });
}

/** Writes one file atomically (temp + rename). */
export function writeFileAtomic(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const temp = `${path}.tmp-${process.pid}`;
  writeFileSync(temp, text);
  renameSync(temp, path);
}

/** Files of `outDir` that differ from the fresh output: changed, missing or extra. */
export function driftOf(outDir: string, files: Map<string, string>): string[] {
  const problems: string[] = [];
  const present = existsSync(outDir) ? readdirSync(outDir) : [];
  for (const [name, text] of files) {
    const path = join(outDir, name);
    if (!existsSync(path)) problems.push(`${name}: missing`);
    else if (readFileSync(path, "utf8") !== text) problems.push(`${name}: differs`);
  }
  for (const name of present.sort()) if (!files.has(name)) problems.push(`${name}: not generated (stale file)`);
  return problems;
}
