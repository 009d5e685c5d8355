// Default effect of an operation, from its method and path (the allowlist may override it).
import type { Effect, HttpMethod } from "../../src/tool-spec.js";

// Lifecycle transitions and session/credential resets lock people out or lose state: treat them as destructive.
const DESTRUCTIVE_SEGMENT =
  /^(deactivate|suspend|unlock|reset_factors|reset_password|reset|expire_password|expire_password_with_temp_password|clear_sessions|clear|revoke|revoke_.*|unenroll|deprovision)$/i;

export function deriveEffect(method: HttpMethod, path: string, operationId: string): Effect {
  if (method === "GET") return "read";
  if (method === "DELETE") return "destructive";
  const segments = path.split("/").filter((s) => s && !s.startsWith("{"));
  const last = segments[segments.length - 1] ?? "";
  const inLifecycle = segments.includes("lifecycle");
  if ((inLifecycle || method === "POST") && DESTRUCTIVE_SEGMENT.test(last)) return "destructive";
  if (/^(revoke|clear|expire|deactivate|suspend|reset)/i.test(operationId)) return "destructive";
  return "write";
}
