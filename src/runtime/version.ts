// The package version, for the User-Agent and serverInfo. The bundled build has it inlined (its chunks sit at
// other depths below package.json); run from src/ it is read from package.json, two levels up.
import { readFileSync } from "node:fs";

declare const __OKTA_MCP_VERSION__: string | undefined;

let cached: string | undefined;

export function packageVersion(): string {
  if (cached) return cached;
  if (typeof __OKTA_MCP_VERSION__ === "string") return (cached = __OKTA_MCP_VERSION__);
  try {
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version?: string };
    cached = pkg.version ?? "0.0.0";
  } catch {
    cached = "0.0.0";
  }
  return cached;
}
