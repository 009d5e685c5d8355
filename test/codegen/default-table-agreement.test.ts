// The committed default table (what the runtime serves): every tool's JSON Schema and its emitted zod
// validator accept and reject the same sampled arguments. Needs no spec: it reads src/generated/.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { expect, it } from "vitest";
import { catalog } from "../../src/generated/catalog.js";
import { validatorSchemas } from "../../src/generated/validator-schemas.js";
import { checkTable } from "./table-agreement.js";
import { repoRoot } from "./support.js";

it("src/generated: schemas and validators agree for every tool", () => {
  const validatorsTs = readFileSync(join(repoRoot, "src", "generated", "validators.ts"), "utf8");
  const result = checkTable(catalog.tools, validatorsTs, 50, validatorSchemas);
  expect(result.problems).toEqual([]);
  const merges = catalog.tools.filter((t) => t.update).length;
  expect(merges).toBeGreaterThan(0);
  expect(result.validators).toBe(catalog.tools.length + merges);
  // Both sides of the comparison were exercised: the test could fail either way.
  expect(result.valid).toBeGreaterThan(catalog.tools.length);
  expect(result.invalid).toBeGreaterThan(catalog.tools.length);
  expect(result.relaxed).toBeGreaterThan(Object.keys(validatorSchemas).length);
});

it("a validator that disagrees with its schema is reported", () => {
  const tool = catalog.tools.find((t) => t.inputSchema.required?.length);
  if (!tool) throw new Error("the default table has no tool with a required argument");
  const loose = `  ${JSON.stringify(tool.name)}: () => z.looseObject({}),\n`;
  const result = checkTable([tool], loose, 50);
  expect(result.problems).toHaveLength(1);
  expect(result.problems[0]).toMatch(new RegExp(`^${tool.name}: .* JSON Schema rejects, zod accepts`));
  expect(checkTable([tool], "", 5).problems).toEqual([`${tool.name}: no validator in validators.ts`]);
});

it("a served schema that refuses what its exact validator accepts is reported", () => {
  const tool = catalog.tools.find((t) => t.bodyVariants && !t.update);
  if (!tool) throw new Error("the default table has no discriminated create tool");
  const narrowed = { ...tool, inputSchema: { ...tool.inputSchema, properties: { ...tool.inputSchema.properties, [tool.bodyVariants!.arg]: { type: "string", enum: ["NONE"] } } } };
  const validatorsTs = readFileSync(join(repoRoot, "src", "generated", "validators.ts"), "utf8");
  const result = checkTable([narrowed], validatorsTs, 50, validatorSchemas);
  expect(result.problems.some((p) => p.startsWith(`${tool.name}: the served schema refuses`))).toBe(true);
});
