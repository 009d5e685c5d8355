// After a successful change, reads the object it changed (ToolSpec.readBack, from the allowlist) so the result
// carries the new state: `suspend_user` answers `{}`, the model should still see `status: "SUSPENDED"`.
// The change already happened: a read that cannot run or fails becomes a notice, never a failed call.
import type { ToolSpec } from "../tool-spec.js";
import type { OktaAuth } from "./auth/types.js";
import type { OktaHttp } from "./http.js";
import { resolvePath } from "./request-builder.js";
import { project } from "./results.js";
import { missingScopes } from "./scopes.js";

export interface ReadBackOutcome {
  /** The object read (projected), under `key`; absent when the read did not run or failed. */
  key: string;
  value?: unknown;
  notice?: string;
  status?: number;
  oktaRequestId?: string;
}

/** The call's path values by wire name (caller's arguments, with the allowlist's defaults and presets). */
function pathValues(spec: ToolSpec, args: Record<string, unknown>): Record<string, unknown> {
  const merged = { ...(spec.defaults ?? {}), ...args, ...(spec.presets ?? {}) };
  const values: Record<string, unknown> = {};
  for (const arg of spec.args) if (arg.in === "path") values[arg.wire] = merged[arg.name];
  return values;
}

export async function readBack(
  spec: ToolSpec,
  args: Record<string, unknown>,
  granted: readonly string[],
  http: OktaHttp,
  signal?: AbortSignal,
  /** The caller's own credentials (remote mode); default: the runtime's. */
  auth?: OktaAuth,
): Promise<ReadBackOutcome | undefined> {
  const read = spec.readBack;
  if (!read) return undefined;
  const missing = missingScopes(read.scopes, granted);
  if (missing.length) {
    return { key: read.as, notice: `${spec.name} succeeded. Its resulting state was not read: that needs scope ${missing.join(" ")}, which this session lacks.` };
  }
  try {
    const response = await http.send({ method: "GET", path: resolvePath(read.path, pathValues(spec, args)), query: {}, headers: {} }, signal, auth);
    const info = { status: response.status, oktaRequestId: response.requestId };
    if (response.status < 200 || response.status >= 300 || !response.body || typeof response.body !== "object") {
      return { key: read.as, ...info, notice: `${spec.name} succeeded, but reading its resulting state got HTTP ${response.status}; read it again before acting on it.` };
    }
    return { key: read.as, ...info, value: read.projection ? project(response.body, read.projection) : response.body };
  } catch (err) {
    return { key: read.as, notice: `${spec.name} succeeded, but reading its resulting state failed (${(err as Error).message}); read it again before acting on it.` };
  }
}
