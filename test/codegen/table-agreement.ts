// Runs checkAgreement over every validator of a generated table, against the validator source as emitted in
// validators.ts (not a fresh zodSource call), so the test covers what the runtime actually loads. A validator checks
// the tool's served inputSchema, or, where validator-schemas.ts has an entry (bodies checked in full where the served
// schema is compact, discriminated bodies exactly per subtype, merge updates and their `#replace` form), that schema;
// for a discriminated body the served schema must relax it.
import { replaceValidatorKey, type JsonSchema, type ToolSpec } from "../../src/tool-spec.js";
import { checkAgreement, checkRelaxation } from "./schema-agreement.js";

/** Validator source by key, read from an emitted validators.ts (one `"key": () => SOURCE,` line each). */
export function emittedValidators(validatorsTs: string): Map<string, string> {
  const sources = new Map<string, string>();
  for (const match of validatorsTs.matchAll(/^ {2}("(?:[^"\\]|\\.)*"): \(\) => (.*),$/gm)) {
    sources.set(JSON.parse(match[1]) as string, match[2]);
  }
  return sources;
}

export interface TableAgreement {
  /** Validators compared (one per tool, two for merge updates). */
  validators: number;
  valid: number;
  invalid: number;
  /** Values an exact validator schema accepts, all of which the served schema accepted too. */
  relaxed: number;
  /** One line per validator whose schema and emitted source disagree (first disagreement only). */
  problems: string[];
}

/** The validator keys of a tool: its name, and `<name>#replace` for merge updates. */
export function validatorKeys(tool: ToolSpec): string[] {
  return tool.update ? [tool.name, replaceValidatorKey(tool.name)] : [tool.name];
}

export function checkTable(tools: ToolSpec[], validatorsTs: string, samples: number, validatorSchemas: Record<string, JsonSchema> = {}): TableAgreement {
  const sources = emittedValidators(validatorsTs);
  const out: TableAgreement = { validators: 0, valid: 0, invalid: 0, relaxed: 0, problems: [] };
  for (const tool of tools) {
    for (const key of validatorKeys(tool)) {
      const source = sources.get(key);
      if (source === undefined) {
        out.problems.push(`${key}: no validator in validators.ts`);
        continue;
      }
      const schema = validatorSchemas[key] ?? (key === tool.name ? (tool.inputSchema as unknown as JsonSchema) : undefined);
      if (!schema) {
        out.problems.push(`${key}: no schema in validator-schemas.ts`);
        continue;
      }
      const result = checkAgreement(schema, { samples, sourceOf: () => source });
      out.validators++;
      out.valid += result.valid;
      out.invalid += result.invalid;
      const first = result.disagreements[0];
      if (first) {
        out.problems.push(
          `${key}: ${JSON.stringify(first.value)} → JSON Schema ${first.ajv ? "accepts" : "rejects"}, zod ${first.zod ? "accepts" : "rejects"} ${first.zodIssues ?? ""}`,
        );
      }
    }
    // A discriminated body's served schema relaxes its validator by construction (an enum plus every subtype's
    // fields, each branch refusing the others'). Other unions are not checked: an anyOf member that leaves a field
    // undefined admits any value there, which a served schema keeping the field's type (to guide the model) refuses.
    const exact = validatorSchemas[tool.name];
    if (exact?.discriminator) {
      // An argument served as JSON text is any object once the runtime has parsed it.
      const served = JSON.parse(JSON.stringify(tool.inputSchema)) as { properties: Record<string, unknown> };
      for (const arg of tool.args) if (arg.encoding === "json") served.properties[arg.name] = {};
      // Portable schemas have no null: an argument is left out instead (top-level nulls are dropped before comparing).
      const withoutNulls = (value: unknown) =>
        value && typeof value === "object" && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null)) : value;
      const relaxation = checkRelaxation(exact, served as unknown as JsonSchema, { samples, prepare: withoutNulls });
      out.relaxed += relaxation.accepted;
      if (relaxation.violations.length) out.problems.push(`${tool.name}: the served schema refuses ${JSON.stringify(relaxation.violations[0])}, which its validator accepts`);
    }
  }
  return out;
}
