// Reads a run-time allowlist (the tools.allowlist.yaml format) for its names only: tool names,
// operationIds and toolsets. `yaml` is imported only when --allowlist is given.
import { readFileSync } from "node:fs";
import { ConfigError } from "./errors.js";

export interface AllowlistNames {
  tools: string[];
  toolsets: string[];
}

export async function readAllowlistNames(path: string): Promise<AllowlistNames> {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (err) {
    throw new ConfigError(`cannot read --allowlist ${path} (${(err as NodeJS.ErrnoException).code ?? "error"}; check the path)`);
  }
  // `yaml` is CommonJS: its exports are the default export of import(), as Node and the bundled build both give it.
  const { parse } = (await import("yaml")).default;
  let doc: unknown;
  try {
    doc = parse(text);
  } catch (err) {
    throw new ConfigError(`--allowlist ${path} is not valid YAML (${(err as Error).message.split("\n")[0]})`);
  }
  const toolsets = (doc as { toolsets?: unknown })?.toolsets;
  if (!toolsets || typeof toolsets !== "object" || Array.isArray(toolsets)) {
    throw new ConfigError(`--allowlist ${path} has no "toolsets" map (see the allowlist format in the README)`);
  }
  const names: AllowlistNames = { tools: [], toolsets: [] };
  for (const [toolset, body] of Object.entries(toolsets as Record<string, unknown>)) {
    const tools = (body as { tools?: unknown } | null)?.tools;
    // A toolset listed without tools allows the whole toolset.
    if (tools === undefined || tools === null) {
      names.toolsets.push(toolset);
      continue;
    }
    if (!Array.isArray(tools)) throw new ConfigError(`--allowlist ${path}: toolsets.${toolset}.tools must be a list`);
    for (const entry of tools) {
      if (typeof entry === "string") {
        names.tools.push(entry);
        continue;
      }
      if (!entry || typeof entry !== "object") throw new ConfigError(`--allowlist ${path}: an entry in ${toolset} is not a name or a map`);
      const [key, value] = Object.entries(entry as Record<string, unknown>)[0] ?? [];
      if (key === "tag" || key === "pathPrefix") {
        throw new ConfigError(`--allowlist ${path}: "${key}" entries are for generation only; list tool names or operationIds`);
      }
      if (!key) continue;
      const name = value && typeof value === "object" ? (value as { name?: unknown }).name : undefined;
      names.tools.push(typeof name === "string" ? name : key);
    }
  }
  return names;
}
