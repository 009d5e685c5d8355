// Okta pages with `Link: <https://org/api/v1/users?after=X&limit=N>; rel="next"`. Only the `after`
// cursor is taken from it: the link itself is never followed, so a header cannot send us to another host.

export function nextCursorFromLink(header: string | null): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(/,(?=\s*<)/)) {
    const match = /^\s*<([^>]*)>\s*;(.*)$/.exec(part);
    if (!match) continue;
    const rels = /rel\s*=\s*"?([^";]+)"?/i.exec(match[2]);
    if (!rels || !rels[1].split(/\s+/).includes("next")) continue;
    try {
      const after = new URL(match[1], "https://placeholder.invalid").searchParams.get("after");
      return after ?? undefined;
    } catch {
      return undefined;
    }
  }
  return undefined;
}
