// Turns a mutation made through the API into a System Log event whose actor is the credential that made it,
// as Okta logs it: the OAuth client app for access tokens, the token's admin for an API token (SSWS).

import { SANDBOX_CLIENT_APP } from "./seed/apps.js";
import { userDisplayName } from "./seed/users.js";
import type { OktaApp, OktaGroup, OktaUser, OrgState, Policy, PolicyRule } from "./state.js";
import type { LogActor, LogClient, LogTarget } from "./system-log.js";

export interface RequestContext {
  requestId: string;
  /** Path and query of the request, as Okta logs it. */
  requestUri: string;
  userAgent: string;
  /** Who the credential of the request stands for (see actorFor). */
  actor: LogActor;
}

export const userTarget = (user: OktaUser): LogTarget => ({
  id: user.id,
  type: "User",
  alternateId: String(user.profile.login),
  displayName: userDisplayName(user),
});
export const groupTarget = (group: OktaGroup): LogTarget => ({ id: group.id, type: "UserGroup", alternateId: "unknown", displayName: group.profile.name });
export const appTarget = (app: OktaApp): LogTarget => ({ id: app.id, type: "AppInstance", alternateId: app.label, displayName: app.label });
export const policyTarget = (policy: Policy): LogTarget => ({ id: policy.id, type: "PolicyEntity", alternateId: "unknown", displayName: policy.name });
export const ruleTarget = (rule: PolicyRule | { id: string; name: string }): LogTarget => ({ id: rule.id, type: "PolicyRule", alternateId: "unknown", displayName: rule.name });
export const plainTarget = (id: string, type: string, displayName: string): LogTarget => ({ id, type, alternateId: "unknown", displayName });

/** API calls come over loopback: Okta records no geography for private addresses. */
const API_CLIENT: Omit<LogClient, "userAgent"> = { ipAddress: "127.0.0.1", city: null, state: null, country: null, postalCode: null, lat: null, lon: null };

export function adminActor(state: OrgState): LogActor {
  const admin = state.users.get(state.adminUserId);
  return admin
    ? { id: admin.id, type: "User", alternateId: String(admin.profile.login), displayName: userDisplayName(admin) }
    : { id: state.adminUserId, type: "User", alternateId: "unknown", displayName: "Sandbox Admin" };
}

/** The actor Okta logs for a request, by its credential: `SSWS` = the API token's admin, else the client app. */
export function actorFor(state: OrgState, scheme: string): LogActor {
  if (scheme.toUpperCase() === "SSWS") return adminActor(state);
  const { id, label } = SANDBOX_CLIENT_APP;
  return { id, type: "PublicClientApp", alternateId: id, displayName: label };
}

export function recordMutation(
  state: OrgState,
  context: RequestContext,
  eventType: string,
  displayMessage: string,
  targets: LogTarget[],
  published: string = state.clock.tick(),
): void {
  state.log.record({
    published,
    eventType,
    displayMessage,
    actor: context.actor,
    targets,
    client: { ...API_CLIENT, userAgent: context.userAgent },
    requestId: context.requestId,
    requestUri: context.requestUri,
  });
}
