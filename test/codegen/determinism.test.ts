// Same inputs → identical bytes, so `generate --check` and CI's git diff are meaningful.
import { expect, it } from "vitest";
import { generateQuietly, miniAllowlist, miniSpec } from "./support.js";

it("generating twice gives identical files", async () => {
  const first = await generateQuietly({ specPath: miniSpec, allowlistPath: miniAllowlist });
  const second = await generateQuietly({ specPath: miniSpec, allowlistPath: miniAllowlist });
  expect([...first.files.keys()].sort()).toEqual([
    "README.md",
    "catalog.d.json.ts",
    "catalog.json",
    "catalog.ts",
    "openapi.d.ts",
    "schemas.d.json.ts",
    "schemas.json",
    "schemas.ts",
    "validator-schemas.d.json.ts",
    "validator-schemas.json",
    "validator-schemas.ts",
    "validators.ts",
  ]);
  for (const [name, text] of first.files) expect(second.files.get(name), name).toBe(text);
});
