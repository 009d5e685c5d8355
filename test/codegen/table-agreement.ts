// Runs checkAgreement over every tool of a generated table, against the validator source as emitted in
// validators.ts (not a fresh zodSource call), so the test covers what the runtime actually loads.
import type { JsonSchema, ToolSpec } from "../../src/tool-spec.js";
import { checkAgreement } from "./schema-agreement.js";

/** Validator source by tool name, read from an emitted validators.ts (one `"name": () => SOURCE,` line each). */
export function emittedValidators(validatorsTs: string): Map<string, string> {
  const sources = new Map<string, string>();
  for (const match of validatorsTs.matchAll(/^ {2}("(?:[^"\\]|\\.)*"): \(\) => (.*),$/gm)) {
    sources.set(JSON.parse(match[1]) as string, match[2]);
  }
  return sources;
}

export interface TableAgreement {
  tools: number;
  valid: number;
  invalid: number;
  /** One line per tool whose served schema and emitted validator disagree (first disagreement only). */
  problems: string[];
}

export function checkTable(tools: ToolSpec[], validatorsTs: string, samples: number): TableAgreement {
  const sources = emittedValidators(validatorsTs);
  const out: TableAgreement = { tools: 0, valid: 0, invalid: 0, problems: [] };
  for (const tool of tools) {
    const source = sources.get(tool.name);
    if (source === undefined) {
      out.problems.push(`${tool.name}: no validator in validators.ts`);
      continue;
    }
    const result = checkAgreement(tool.inputSchema as unknown as JsonSchema, { samples, sourceOf: () => source });
    out.tools++;
    out.valid += result.valid;
    out.invalid += result.invalid;
    const first = result.disagreements[0];
    if (first) {
      out.problems.push(
        `${tool.name}: ${JSON.stringify(first.value)} → JSON Schema ${first.ajv ? "accepts" : "rejects"}, zod ${first.zod ? "accepts" : "rejects"} ${first.zodIssues ?? ""}`,
      );
    }
  }
  return out;
}
