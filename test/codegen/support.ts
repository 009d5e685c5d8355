// Shared paths and a quiet generate() for the codegen tests.
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { generate, type GenerateOptions } from "../../codegen/generate.js";
import { zodSource } from "../../codegen/transform/zod-source.js";

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const fixtures = join(repoRoot, "test", "fixtures");
export const miniSpec = join(fixtures, "specs", "mini.yaml");
export const miniAllowlist = join(fixtures, "allowlists", "mini.yaml");
/** Where `npm run spec:pull` puts the pinned spec; tests that need it skip (the global setup says so) without it. */
export { hasPinnedSpec, pinnedSpec } from "../spec-status.js";

/** Stand-in for zodSource where a test pins emitted bytes: the real one is tested by its owner (zod-source.test.ts). */
export function standInZodSource(schema: { properties?: Record<string, unknown> }): string {
  return `z.looseObject({ /* ${Object.keys(schema.properties ?? {}).join(", ")} */ })`;
}

export function generateQuietly(options: Partial<GenerateOptions>) {
  return generate({ repoRoot, zodSource, log: () => {}, ...options });
}
