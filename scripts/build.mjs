// `npm run build`: bundles the CLI with esbuild into dist/ (type-checking is `npm run typecheck`).
// One bundle starts faster than hundreds of modules resolved and loaded one by one. What a default stdio start
// does not need (OAuth libraries, validators, the all-operations table, the sandbox, HTTP mode, Redis) is
// reached through `import()` of a literal path and lands in a chunk of its own, loaded on first use.
// Entry points besides the CLI: the sandbox (the bench serves it in a process of its own) and the two tool
// tables (the bench reads what the CLI serves).
import { build } from "esbuild";
import { copyFileSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const pkg = JSON.parse(readFileSync(`${root}package.json`, "utf8"));

/**
 * Generated JSON tables are copied beside the bundle and read with one readFileSync + JSON.parse when their module
 * loads: measured faster than compiling them as JS (an object literal, esbuild's default for .json, or a string in
 * JSON.parse). Every output file sits one folder below dist/, so "../generated…/x.json" resolves from all of them.
 */
const tablesAsFiles = {
  name: "tables-as-files",
  setup(b) {
    // Our tables only: a dependency's JSON may be require()d, which needs esbuild's own CommonJS form.
    b.onLoad({ filter: /[\\/]src[\\/]generated(-all)?[\\/][^\\/]+\.json$/ }, (args) => {
      const shipped = `${basename(dirname(args.path))}/${basename(args.path)}`;
      mkdirSync(`${root}dist/${dirname(shipped)}`, { recursive: true });
      copyFileSync(args.path, `${root}dist/${shipped}`);
      return {
        contents: `import { readFileSync } from "node:fs";\nexport default JSON.parse(readFileSync(new URL(${JSON.stringify(`../${shipped}`)}, import.meta.url), "utf8"));`,
        loader: "js",
      };
    });
  },
};

/** The SDK's Node shims, replaced by ours: the same exports with ajv loaded on first use (src/runtime/sdk-shims.ts). */
const lazySdkValidator = {
  name: "lazy-sdk-validator",
  setup(b) {
    b.onResolve({ filter: /^@modelcontextprotocol\/server\/_shims$/ }, () => ({ path: `${root}src/runtime/sdk-shims.ts` }));
  },
};

/**
 * zod's `locales` namespace (error messages in ~50 languages, a third of zod's code) is kept whole by the SDK's
 * `import * as z` (zod's core and classic entries both re-export it); nothing here calls `z.locales.*`, and zod
 * configures English itself. Only English is bundled.
 */
const zodEnglishOnly = {
  name: "zod-english-only",
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) =>
      /[\\/]zod[\\/]v4[\\/](classic|core|mini)$/.test(args.resolveDir) ? { path: join(args.resolveDir, "..", "locales", "index.js"), namespace: "zod-english-only" } : undefined,
    );
    b.onLoad({ filter: /.*/, namespace: "zod-english-only" }, (args) => ({
      contents: 'export { default as en } from "./en.js";',
      resolveDir: dirname(args.path),
      loader: "js",
    }));
  },
};

rmSync(`${root}dist`, { recursive: true, force: true });
const result = await build({
  absWorkingDir: root,
  entryPoints: ["src/runtime/cli.ts", "src/sandbox/index.ts", "src/generated/catalog.ts", "src/generated-all/catalog.ts"],
  outbase: "src",
  outdir: "dist",
  entryNames: "[dir]/[name]",
  chunkNames: "chunks/[name]-[hash]",
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  sourcemap: "linked",
  // Some dependencies are CommonJS and call require(): give the ESM bundle one.
  banner: { js: 'import { createRequire as __createRequire } from "node:module"; const require = __createRequire(import.meta.url);' },
  define: { __OKTA_MCP_VERSION__: JSON.stringify(pkg.version) },
  legalComments: "none",
  plugins: [tablesAsFiles, lazySdkValidator, zodEnglishOnly],
  // Remote mode's OAuth server stays a package loaded from node_modules (a dependency), by its lazy chunk only:
  // bundled, its sign-in answers 401 (test/remote/ catches it), and no stdio start loads it either way.
  external: ["oidc-provider"],
  // Less source to decode and compile at every start; names are kept for readable stack traces (and the maps).
  minifyWhitespace: true,
  minifySyntax: true,
  metafile: true,
  logLevel: "warning",
});
if (process.argv.includes("--analyze")) process.stderr.write(await (await import("esbuild")).analyzeMetafile(result.metafile));
