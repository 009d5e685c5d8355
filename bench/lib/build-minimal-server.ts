// Compiles bench/minimal-server.ts to plain JS so the floor runs under `node` like any server on the SDK without a
// bundler: unbundled, ESM, the SDK resolved from node_modules module by module. The CLI is measured as it ships,
// bundled (npm run build); the cold-start targets below 1× are relative to this unbundled floor on purpose.
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
