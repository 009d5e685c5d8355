// Codegen failures are bad input (spec, allowlist, flags): readable lines, never a stack trace.
import { ConfigError } from "../src/runtime/errors.js";

/** A problem the operator can fix; `fix` says how. Printed as `okta-mcp-server codegen: <problem> (<fix>)`. */
export class CodegenError extends ConfigError {
  readonly problem: string;
  readonly fix: string;
  constructor(problem: string, fix: string, options?: { cause?: unknown }) {
    super(`${problem} (${fix})`, options);
    this.problem = problem;
    this.fix = fix;
  }
}

/**
 * Several independent problems found in one pass (every bad entry of an allowlist, not only the first):
 * a summary line, then one line per problem, each with its own file:line and fix.
 */
export class CodegenErrorList extends CodegenError {
  readonly errors: readonly CodegenError[];
  constructor(summary: string, errors: readonly CodegenError[]) {
    super(summary, "each line says how to fix it");
    this.errors = errors;
    this.message = `${summary}:\n${errors.map((error) => `  ${error.message}`).join("\n")}`;
  }
}

/** Nothing, the one error, or all of them as a list (sorted by where they are, so the report reads like the file). */
export function combineErrors(errors: readonly CodegenError[], summary: (count: number) => string): CodegenError | undefined {
  const flat = errors.flatMap((error) => (error instanceof CodegenErrorList ? error.errors : [error]));
  if (flat.length === 0) return undefined;
  if (flat.length === 1) return flat[0];
  const sorted = [...flat].sort((a, b) => compareLocations(a.problem, b.problem));
  return new CodegenErrorList(summary(sorted.length), sorted);
}

/** `file:line:col: ...` problems in file, line, column order; others keep their order after them. */
function compareLocations(a: string, b: string): number {
  const at = /^(.*?):(\d+):(\d+): /;
  const ma = at.exec(a);
  const mb = at.exec(b);
  if (!ma || !mb) return ma ? -1 : mb ? 1 : 0;
  if (ma[1] !== mb[1]) return ma[1] < mb[1] ? -1 : 1;
  return Number(ma[2]) - Number(mb[2]) || Number(ma[3]) - Number(mb[3]);
}

export function formatCodegenError(err: unknown): string {
  if (err instanceof CodegenError) return `okta-mcp-server codegen: ${err.message}`;
  const message = err instanceof Error ? err.message : String(err);
  return `okta-mcp-server codegen: unexpected failure: ${message} (this is a bug in the generator; please report it with the command you ran)`;
}
