// Where the authorization server may fetch a Client ID Metadata Document from: https URLs whose host is a name
// or a public address, never loopback, link-local or private ranges (no SSRF into the cluster's network).
import { isIP } from "node:net";

const PRIVATE_V4 = [/^10\./, /^127\./, /^169\.254\./, /^172\.(1[6-9]|2\d|3[01])\./, /^192\.168\./, /^0\./, /^100\.(6[4-9]|[7-9]\d|1[01]\d|12[0-7])\./];

export function isPublicFetchTarget(url: URL): boolean {
  if (url.protocol !== "https:") return false;
  const host = url.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  if (host === "localhost" || host.endsWith(".localhost") || host.endsWith(".internal") || host.endsWith(".local")) return false;
  const version = isIP(host);
  if (version === 4) return !PRIVATE_V4.some((re) => re.test(host));
  if (version === 6) return !(host === "::1" || host === "::" || host.startsWith("fc") || host.startsWith("fd") || host.startsWith("fe80") || host.startsWith("::ffff:"));
  return true;
}
