// Reads tools.allowlist.yaml into flat entries, for the tests that check it (and the prompts that name its tools).
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
export const allowlistPath = resolve(repoRoot, "tools.allowlist.yaml");

export interface AllowlistEntry {
  toolset: string;
  operationId: string;
  name: string;
  scopes: string[];
  effect?: string;
  fields?: string[];
  presets?: Record<string, unknown>;
  defaults?: Record<string, unknown>;
  hide?: string[];
  body?: string;
  description?: string;
}

export interface Allowlist {
  toolsets: Record<string, { description: string; entries: AllowlistEntry[] }>;
  entries: AllowlistEntry[];
}

/** listUsers → list_users (the generator's default when `name` is absent). */
function snakeCase(identifier: string): string {
  return identifier
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .toLowerCase();
}

export function loadAllowlist(path = allowlistPath): Allowlist {
  const doc = parse(readFileSync(path, "utf8")) as { toolsets: Record<string, { description: string; tools: Record<string, unknown>[] }> };
  const toolsets: Allowlist["toolsets"] = {};
  const entries: AllowlistEntry[] = [];
  for (const [toolset, def] of Object.entries(doc.toolsets)) {
    const list: AllowlistEntry[] = [];
    for (const item of def.tools) {
      const [operationId, raw] = Object.entries(item)[0];
      const options = (typeof raw === "string" || Array.isArray(raw) ? { scopes: raw } : raw) as Record<string, unknown>;
      const entry: AllowlistEntry = {
        ...(options as Partial<AllowlistEntry>),
        toolset,
        operationId,
        name: typeof options.name === "string" ? options.name : snakeCase(operationId),
        scopes: ([] as string[]).concat(options.scopes as string | string[]),
      };
      list.push(entry);
      entries.push(entry);
    }
    toolsets[toolset] = { description: def.description, entries: list };
  }
  return { toolsets, entries };
}
