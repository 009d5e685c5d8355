// Which org URLs the runtime talks to. Its own module so that configuration checks at start-up do not load
// the HTTP layer (node:http, node:https, node:zlib).

/** `https://` required; `http://` only for loopback hosts (tests, the sandbox). */
export function isAllowedOrgUrl(url: URL): boolean {
  if (url.protocol === "https:") return true;
  if (url.protocol !== "http:") return false;
  const host = url.hostname.replace(/^\[|\]$/g, "");
  return host === "localhost" || host === "::1" || /^127\.\d+\.\d+\.\d+$/.test(host);
}
