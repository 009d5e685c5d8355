// Required-vs-granted scope comparisons. Exact matching: the spec declares exact scopes, so
// okta.users.manage does not imply okta.users.read.

export function missingScopes(required: readonly string[], granted: readonly string[]): string[] {
  const have = new Set(granted);
  return required.filter((scope) => !have.has(scope));
}

export function hasAllScopes(required: readonly string[], granted: readonly string[]): boolean {
  return missingScopes(required, granted).length === 0;
}

/** Parses OKTA_SCOPES: space or comma separated, duplicates dropped, order kept. */
export function parseScopeList(value: string | undefined): string[] {
  if (!value) return [];
  return [...new Set(value.split(/[\s,]+/).filter(Boolean))];
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
