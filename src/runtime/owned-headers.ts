// Request headers the runtime sets itself (auth, DPoP, content negotiation, the user agent) or decides
// (If-Match for read-merge-write updates, Prefer: Okta's synchronous default). An Okta header parameter with one
// of these names is never a tool argument: codegen keeps it out of every input schema.
export const RUNTIME_OWNED_HEADERS: ReadonlySet<string> = new Set([
  "accept",
  "authorization",
  "content-length",
  "content-type",
  "cookie",
  "dpop",
  "host",
  "if-match",
  "if-none-match",
  "prefer",
  "user-agent",
]);

export function isRuntimeOwnedHeader(name: string): boolean {
  return RUNTIME_OWNED_HEADERS.has(name.toLowerCase());
}
