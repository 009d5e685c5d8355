// Steps that more than one playbook plans the same way: one definition, so their action text, target and request
// cannot drift apart between playbooks.
import { CLEAR_SESSIONS, RESET_FACTORS } from "./catalog.js";
import type { PlannedStep, TargetUser } from "./types.js";
import { userLabel } from "./types.js";

/** End every Okta session and revoke the user's OAuth tokens (`oauthTokens=true`). */
export function clearSessionsStep(user: TargetUser, skip?: string): PlannedStep {
  return {
    id: "clear_sessions",
    action: "End every Okta session and revoke the OAuth tokens issued to the user",
    target: `user ${userLabel(user)}`,
    operation: CLEAR_SESSIONS,
    skip,
    run: (c) => c.DELETE("/api/v1/users/{userId}/sessions", { params: { path: { userId: user.id }, query: { oauthTokens: true } } }),
  };
}

/** Reset every MFA factor of the user; `blockedBy` when the factors cannot even be listed to plan it. */
export function resetFactorsStep(
  user: TargetUser,
  action: string,
  state: { skip?: string; blockedBy?: PlannedStep["blockedBy"] } = {},
): PlannedStep {
  return {
    id: "reset_factors",
    action,
    target: `user ${userLabel(user)}`,
    operation: RESET_FACTORS,
    ...state,
    run: (c) => c.POST("/api/v1/users/{id}/lifecycle/reset_factors", { params: { path: { id: user.id } } }),
  };
}

/** Why a step that needs to list something first cannot be planned: the read's scopes are missing. */
export function blockedByMissingRead(scopes: string[], what: string): NonNullable<PlannedStep["blockedBy"]> {
  return { scopes, reason: `cannot list ${what} without ${scopes.join(" ")}` };
}
