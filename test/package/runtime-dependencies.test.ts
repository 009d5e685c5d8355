// The installed package must run with only its `dependencies`: every package that code under src/ imports at run
// time (static or dynamic import, type-only imports aside) is declared there, not in devDependencies.
import { readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import { expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { dependencies: Record<string, string> };

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return sourceFiles(path);
    return entry.name.endsWith(".ts") && !entry.name.endsWith(".d.ts") ? [path] : [];
  });
}

/** Bare package names imported for their values (not `import type`), with the file that imports each. */
function runtimeImports(text: string): string[] {
  const names = new Set<string>();
  const patterns = [/^\s*import\s+(?!type\s)[^;]*?\sfrom\s+"([^"]+)"/gms, /^\s*import\s+"([^"]+)"/gm, /\bimport\(\s*"([^"]+)"\s*\)/g, /^\s*export\s+(?!type\s)[^;]*?\sfrom\s+"([^"]+)"/gms];
  for (const pattern of patterns) {
    for (const match of text.matchAll(pattern)) {
      const spec = match[1];
      if (spec.startsWith(".") || spec.startsWith("node:")) continue;
      const parts = spec.split("/");
      names.add(spec.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0]);
    }
  }
  return [...names];
}

it("finds value imports and ignores type-only ones", () => {
  expect(runtimeImports(`import type { X } from "a";\nimport { y } from "b/sub";\nconst z = await import("@s/c/d");\nimport "e";`).sort()).toEqual(["@s/c", "b", "e"]);
});

it("every package imported at run time by src/ is a dependency", () => {
  const missing: string[] = [];
  for (const file of sourceFiles(join(root, "src"))) {
    for (const name of runtimeImports(readFileSync(file, "utf8"))) {
      if (!(name in pkg.dependencies)) missing.push(`${relative(root, file)} imports ${name}`);
    }
  }
  expect(missing).toEqual([]);
});

it("the publish job publishes with npm provenance, and pull requests run the tests with the spec pulled", async () => {
  const { parse } = await import("yaml");
  const workflow = (name: string) => parse(readFileSync(join(root, ".github", "workflows", name), "utf8"));
  const publish = workflow("regenerate.yml").jobs.publish;
  expect(publish.permissions["id-token"]).toBe("write");
  expect(publish.steps.map((s: { run?: string }) => s.run ?? "")).toContain("npm publish --provenance --access public");
  const test = workflow("test.yml");
  expect(Object.keys(test.on)).toContain("pull_request");
  const runs = test.jobs.test.steps.map((s: { run?: string }) => s.run ?? "");
  expect(runs.indexOf("npm run spec:pull")).toBeLessThan(runs.indexOf("npm test"));
});
