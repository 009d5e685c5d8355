// Tool names and near-miss suggestions.
import { editDistance } from "../../src/edit-distance.js";

/** listUsers → list_users; getOAuth2Claim → get_o_auth2_claim is avoided: runs of capitals stay together. */
export function toSnakeCase(identifier: string): string {
  return identifier
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .replace(/[^A-Za-z0-9]+/g, "_")
    .replace(/^_+|_+$/g, "")
    .toLowerCase();
}

const ABBREVIATIONS: Array<[RegExp, string]> = [
  [/application/g, "app"],
  [/administrator/g, "admin"],
  [/authorization/g, "authz"],
  [/authentication/g, "authn"],
  [/configuration/g, "config"],
  [/identity_provider/g, "idp"],
];

/** The default tool name: snake_case of the operationId, abbreviated when longer than 64 characters. */
export function defaultToolName(operationId: string): string {
  let name = toSnakeCase(operationId);
  for (const [long, short] of ABBREVIATIONS) if (name.length > 64) name = name.replace(long, short);
  if (name.length > 64) name = name.slice(0, 64).replace(/_+$/, "");
  return name;
}


/** The candidate closest to `wanted` (case-insensitive edit distance; ties broken alphabetically). */
export function nearest(wanted: string, candidates: Iterable<string>): string | undefined {
  let best: string | undefined;
  let bestDistance = Infinity;
  const lower = wanted.toLowerCase();
  for (const candidate of [...candidates].sort()) {
    const distance = editDistance(lower, candidate.toLowerCase());
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}
