// The parsed spec, kept as JSON: parsing the 3.5 MB YAML costs seconds, JSON.parse of the same data a tenth of
// one. Kept in node_modules/.cache (git-ignored, dropped by `npm ci`) under the YAML's sha256 and the YAML
// parser's version, so another spec or parser is a miss, never a stale hit. Only a speed-up: any failure to
// read or write it falls back to parsing the YAML.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { isDeepStrictEqual } from "node:util";

/** Bump when loadSpec changes how it turns YAML into data (parse options, post-processing). */
const FORMAT = 1;

export function specCacheDir(repoRoot: string): string {
  return join(repoRoot, "node_modules", ".cache", "okta-mcp-codegen");
}

function cacheFile(dir: string, sha256: string): string {
  const yamlVersion = (createRequire(import.meta.url)("yaml/package.json") as { version: string }).version;
  return join(dir, `spec-${sha256}-yaml${yamlVersion}-f${FORMAT}.json`);
}

/** The cached data for the YAML with this sha256, or undefined. */
export function readCachedSpec(dir: string, sha256: string): unknown {
  try {
    return JSON.parse(readFileSync(cacheFile(dir, sha256), "utf8"));
  } catch {
    return undefined;
  }
}

/** Caches `doc` when JSON holds it exactly: no undefined, NaN or Infinity, and no node reached twice (a YAML alias). */
export function writeCachedSpec(dir: string, sha256: string, doc: unknown): void {
  try {
    if (reachesANodeTwice(doc)) return;
    const json = JSON.stringify(doc);
    if (!isDeepStrictEqual(JSON.parse(json), doc)) return;
    mkdirSync(dir, { recursive: true });
    const file = cacheFile(dir, sha256);
    const temp = `${file}.${process.pid}.tmp`;
    writeFileSync(temp, json);
    renameSync(temp, file);
  } catch {
    // a read-only or full disk: the next run parses the YAML again
  }
}

/** JSON would turn one shared object into copies, and the generator tells schemas apart by identity. */
function reachesANodeTwice(root: unknown): boolean {
  const seen = new Set<object>();
  const stack: unknown[] = [root];
  while (stack.length) {
    const node = stack.pop();
    if (typeof node !== "object" || node === null) continue;
    if (seen.has(node)) return true;
    seen.add(node);
    for (const value of Object.values(node)) stack.push(value);
  }
  return false;
}
