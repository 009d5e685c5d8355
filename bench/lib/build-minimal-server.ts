// Compiles bench/minimal-server.ts to plain JS so the floor runs under `node` exactly like the built CLI:
// unbundled, ESM, the SDK resolved from node_modules. Bundling only one side would skew the comparison.
import { build } from "esbuild";
import { fileURLToPath } from "node:url";

const benchDir = fileURLToPath(new URL("..", import.meta.url));
const minimalServerJs = `${benchDir}.build/minimal-server.js`;

export async function buildMinimalServer(): Promise<string> {
  await build({
    entryPoints: [`${benchDir}minimal-server.ts`],
    outfile: minimalServerJs,
    bundle: false,
    format: "esm",
    platform: "node",
    target: "node20",
    logLevel: "error",
  });
  return minimalServerJs;
}
