// Same inputs → identical bytes, so `generate --check` and CI's git diff are meaningful.
import { expect, it } from "vitest";
import { generateQuietly, miniAllowlist, miniSpec } from "./support.js";

it("generating twice gives identical files", async () => {
  const first = await generateQuietly({ specPath: miniSpec, allowlistPath: miniAllowlist });
  const second = await generateQuietly({ specPath: miniSpec, allowlistPath: miniAllowlist });
  expect([...first.files.keys()]).toEqual(["catalog.ts", "validators.ts", "schemas.ts", "validator-schemas.ts", "openapi.d.ts", "README.md"]);
  for (const [name, text] of first.files) expect(second.files.get(name), name).toBe(text);
});
