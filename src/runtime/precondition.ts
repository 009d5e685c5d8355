// Before anyone is asked to confirm, one cheap read (the allowlist's precondition) shows whether the call can succeed
// in the current state: suspending a user who is not ACTIVE, deleting an app that is still active... Okta would
// refuse those, and a human's attention would be spent for nothing. The read is the server's own: it never blocks a
// call it cannot make (scope not granted, Okta erring), it only stops calls it knows will fail.
import type { Precondition, ToolSpec } from "../tool-spec.js";
import type { OktaAuth } from "./auth/types.js";
import type { OktaHttp } from "./http.js";
import { buildRequest } from "./request-builder.js";
import { hasAllScopes } from "./scopes.js";

export type PreconditionResult =
  | { kind: "met"; state: string; record: PreconditionRecord }
  | { kind: "blocked"; message: string; record: PreconditionRecord }
  | { kind: "skipped"; why: string; record?: PreconditionRecord };

export interface PreconditionRecord {
  tool: string;
  field: string;
  value?: unknown;
  status?: number;
}

export interface PreconditionDeps {
  /** A tool of the generated table, exposed or not (the read is the server's own). */
  tableTool(name: string): ToolSpec | undefined;
  granted: readonly string[];
  http: OktaHttp;
  signal?: AbortSignal;
  /** Remote mode: the calling admin's own credentials. */
  auth?: OktaAuth;
}

/** The value at a dot path, through own properties only. */
function valueAt(body: unknown, path: string): unknown {
  let current = body;
  for (const segment of path.split(".")) {
    if (current === null || typeof current !== "object" || !Object.prototype.hasOwnProperty.call(current, segment)) return undefined;
    current = (current as Record<string, unknown>)[segment];
  }
  return current;
}

const show = (value: unknown) => (typeof value === "string" ? value : JSON.stringify(value) ?? "(absent)");

export async function checkPrecondition(spec: ToolSpec, args: Record<string, unknown>, deps: PreconditionDeps): Promise<PreconditionResult> {
  const pre: Precondition | undefined = spec.confirm?.precondition;
  if (!pre) return { kind: "skipped", why: "none" };
  const read = deps.tableTool(pre.tool);
  if (!read) return { kind: "skipped", why: `${pre.tool} is not in the table` };
  if (!hasAllScopes(read.scopes, deps.granted)) return { kind: "skipped", why: `${pre.tool} needs ${read.scopes.join(" ")}` };
  const readArgs: Record<string, unknown> = {};
  for (const [readArg, ownArg] of Object.entries(pre.args)) readArgs[readArg] = args[ownArg];
  let response;
  try {
    response = await deps.http.send(buildRequest(read, readArgs), deps.signal, deps.auth);
  } catch (err) {
    return { kind: "skipped", why: (err as Error).message };
  }
  const record: PreconditionRecord = { tool: read.name, field: pre.field, status: response.status };
  if (response.status === 404) {
    return {
      kind: "blocked",
      record,
      message: `${spec.name} cannot succeed: ${read.name} answers 404 (not found) for ${Object.values(readArgs).map(show).join(", ")}. Nothing was changed and nobody was asked to confirm. Check the id (e.g. with a list tool) and call again.`,
    };
  }
  if (response.status < 200 || response.status >= 300) return { kind: "skipped", why: `${read.name} answered ${response.status}`, record };
  const value = valueAt(response.body, pre.field);
  record.value = value;
  const state = `${pre.field} is ${show(value)}`;
  if (pre.allowed.includes(show(value))) return { kind: "met", state, record };
  return {
    kind: "blocked",
    record,
    message:
      `${spec.name} cannot succeed now: ${state} (read with ${read.name}), and Okta allows it only when ${pre.field} is ${pre.allowed.join(" or ")}. ` +
      `${pre.otherwise ? `${pre.otherwise} ` : ""}Nothing was changed and nobody was asked to confirm.`,
  };
}
