// Everything about Okta API scope names: parsing lists, required-vs-granted checks, narrowing to what Okta
// granted, messages, and spotting names no tool uses (typos).
//
// Decision: scopes are compared exactly. `okta.X.manage` is NOT treated as covering `okta.X.read`: the spec
// declares the exact scopes each operation accepts (an operation that a manage scope may call lists it), and
// a hierarchy here would widen what the runtime thinks is granted beyond what Okta's own checks accept.
import { editDistance } from "../edit-distance.js";

/** Splits a space- or comma-separated list (OKTA_SCOPES, a token's `scope`, --toolsets): duplicates dropped, order kept. */
export function splitList(value: string | undefined): string[] {
  if (!value) return [];
  return [...new Set(value.split(/[\s,]+/).filter(Boolean))];
}

export function missingScopes(required: readonly string[], granted: readonly string[]): string[] {
  const have = new Set(granted);
  return required.filter((scope) => !have.has(scope));
}

/** True when every scope in `required` is in `granted`. */
export function hasAllScopes(required: readonly string[], granted: readonly string[]): boolean {
  return missingScopes(required, granted).length === 0;
}

export interface ScopeNarrowing {
  granted: string[];
  notGranted: string[];
}

/** configured ∩ granted, keeping the configured order. Unknown grant (undefined) means the configured scopes stand. */
export function narrowScopes(configured: readonly string[], granted: readonly string[] | undefined): ScopeNarrowing {
  if (granted === undefined) return { granted: [...configured], notGranted: [] };
  const have = new Set(granted);
  return {
    granted: configured.filter((s) => have.has(s)),
    notGranted: configured.filter((s) => !have.has(s)),
  };
}

/** OAuth scopes that no tool needs but that a client may well ask for. */
const PROTOCOL_SCOPES = new Set(["openid", "profile", "email", "address", "phone", "offline_access", "device_sso"]);

export interface UnknownScope {
  scope: string;
  /** The closest known scope when it is a likely typo (a few edits away). */
  suggestion?: string;
}

/** Configured scopes that no tool in the table needs, each with the closest known name when one is near. */
export function unknownScopes(configured: readonly string[], known: Iterable<string>): UnknownScope[] {
  const knownSet = new Set(known);
  return configured
    .filter((scope) => !knownSet.has(scope) && !PROTOCOL_SCOPES.has(scope))
    .map((scope) => {
      // A typo is a few edits; anything farther is a different scope, not a misspelling of one we know.
      const limit = Math.max(2, Math.floor(scope.length / 4));
      let best: { name: string; distance: number } | undefined;
      for (const name of knownSet) {
        // Only a name within the limit and nearer than the best so far matters: the bound lets the comparison stop early.
        const distance = editDistance(scope, name, best ? Math.min(limit, best.distance - 1) : limit);
        if (distance <= limit && (!best || distance < best.distance)) best = { name, distance };
      }
      return best && best.distance <= limit ? { scope, suggestion: best.name } : { scope };
    });
}

/** How an operator grants missing scopes, for messages shown to the model and the human. */
export function scopeGrantHint(missing: readonly string[]): string {
  return (
    `Grant ${missing.join(", ")} in the Okta Admin Console (Applications → the app → Okta API Scopes → Grant), ` +
    `then add ${missing.length === 1 ? "it" : "them"} to OKTA_SCOPES and restart the server.`
  );
}

export function scopeDeniedMessage(tool: string, required: readonly string[], granted: readonly string[]): string {
  const missing = missingScopes(required, granted);
  return (
    `Tool ${tool} needs scope(s) ${required.join(" ")}; this session was granted ` +
    `${granted.length ? granted.join(" ") : "no scopes"}. Missing: ${missing.join(" ")}.`
  );
}
