// Codegen failures are bad input (spec, allowlist, flags): one readable line, never a stack trace.
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

export function formatCodegenError(err: unknown): string {
  if (err instanceof CodegenError) return `okta-mcp-server codegen: ${err.message}`;
  const message = err instanceof Error ? err.message : String(err);
  return `okta-mcp-server codegen: unexpected failure: ${message} (this is a bug in the generator; please report it with the command you ran)`;
}
