// A user's sessions, groups, app links, factors and admin roles.

import { plainTarget, recordMutation, userTarget } from "../audit.js";
import { appUserOf, appsOfUser, groupsOf } from "../membership.js";
import { notFound, validationFailed } from "../okta-error.js";
import { renderFactor, renderGroup, renderRole } from "../render.js";
import { created, listReply, noContent, ok } from "../reply.js";
import type { HandlerContext, Reply, Router } from "../router.js";
import { collectionFor, type OktaGroup } from "../state.js";
import { groupRolesOf } from "./roles.js";
import { requireUser } from "./users.js";

const ROLE_LABELS: Record<string, string> = {
  SUPER_ADMIN: "Super Administrator",
  ORG_ADMIN: "Organization Administrator",
  APP_ADMIN: "Application Administrator",
  USER_ADMIN: "Group Administrator",
  GROUP_MEMBERSHIP_ADMIN: "Group Membership Administrator",
  HELP_DESK_ADMIN: "Help Desk Administrator",
  READ_ONLY_ADMIN: "Read Only Administrator",
  MOBILE_ADMIN: "Mobile Administrator",
  API_ACCESS_MANAGEMENT_ADMIN: "API Access Management Administrator",
  REPORT_ADMIN: "Report Administrator",
};

function listGroupsOfUser(context: HandlerContext): Reply {
  const { state } = context;
  const user = requireUser(state, context.params.userId);
  return listReply(context, groupsOf(state, user.id), (g: OktaGroup) => [state.groups.seqOf(g.id)], renderGroup);
}

function listAppLinks(context: HandlerContext): Reply {
  const { state } = context;
  const user = requireUser(state, context.params.userId);
  const links = [...appsOfUser(state, user.id)]
    .filter((app) => app.status === "ACTIVE")
    .map((app, sortOrder) => ({
      id: `0ua${app.id.slice(3, 10)}${user.id.slice(3, 13)}`,
      label: app.label,
      linkUrl: `{{org}}/home/${app.name}/${app.id}/1`,
      logoUrl: "{{org}}/assets/img/logos/default.png",
      appName: app.name,
      appInstanceId: app.id,
      appAssignmentId: `0ua${app.id.slice(3, 10)}${user.id.slice(3, 13)}`,
      credentialsSetup: false,
      hidden: false,
      sortOrder,
      scope: appUserOf(state, app.id, user.id)?.scope,
    }));
  return ok(links);
}

function listFactors(context: HandlerContext): Reply {
  const { state } = context;
  const user = requireUser(state, context.params.userId);
  return ok([...(state.factors.get(user.id)?.values() ?? [])].map((f) => renderFactor(user.id, f)));
}

function getFactor(context: HandlerContext): Reply {
  const { state, params } = context;
  const user = requireUser(state, params.userId);
  const factor = state.factors.get(user.id)?.get(params.factorId);
  if (!factor) throw notFound(params.factorId, "UserFactor");
  return ok(renderFactor(user.id, factor));
}

function deleteFactor(context: HandlerContext): Reply {
  const { state, params } = context;
  const user = requireUser(state, params.userId);
  const factor = state.factors.get(user.id)?.get(params.factorId);
  if (!factor) throw notFound(params.factorId, "UserFactor");
  state.factors.get(user.id)!.delete(factor.id);
  recordMutation(state, context.audit, "user.mfa.factor.deactivate", "Reset factor for user", [userTarget(user), plainTarget(factor.id, "Factor", factor.factorType)]);
  return noContent();
}

function clearSessions(context: HandlerContext): Reply {
  const { state } = context;
  const user = requireUser(state, context.params.userId);
  recordMutation(state, context.audit, "user.session.clear", "Clear user session", [userTarget(user)]);
  return noContent();
}

/** DELETE /users/{id}/grants: the sandbox keeps no grants, but the revocation is logged like Okta's. */
function revokeGrants(context: HandlerContext): Reply {
  const { state } = context;
  const user = requireUser(state, context.params.userId);
  recordMutation(state, context.audit, "app.oauth2.as.consent.revoke", "Revoke user grants", [userTarget(user)]);
  return noContent();
}

function listRoles(context: HandlerContext): Reply {
  const { state } = context;
  const user = requireUser(state, context.params.userId);
  const direct = [...(state.roles.get(user.id)?.values() ?? [])];
  return ok([...direct, ...groupRolesOf(state, user.id)].map((r) => renderRole(user.id, r)));
}

async function assignRole(context: HandlerContext): Promise<Reply> {
  const { state } = context;
  const user = requireUser(state, context.params.userId);
  const body = await context.body();
  const type = typeof body.type === "string" ? body.type : "";
  if (!ROLE_LABELS[type]) throw validationFailed("type", `Invalid role type. Valid types: ${Object.keys(ROLE_LABELS).join(", ")}`);
  const roles = collectionFor(state, state.roles, user.id);
  const existing = roles.find((r) => r.type === type);
  if (existing) return ok(renderRole(user.id, existing));
  const now = state.clock.tick();
  const role = roles.put({ id: state.random.oktaId("ra1"), label: ROLE_LABELS[type], type, status: "ACTIVE", created: now, lastUpdated: now, assignmentType: "USER" });
  recordMutation(state, context.audit, "user.account.privilege.grant", "Grant user privilege", [userTarget(user), plainTarget(role.id, "ROLE", role.label)], now);
  return created(renderRole(user.id, role));
}

function unassignRole(context: HandlerContext): Reply {
  const { state, params } = context;
  const user = requireUser(state, params.userId);
  const role = state.roles.get(user.id)?.get(params.roleId);
  if (!role) throw notFound(params.roleId, "Role");
  state.roles.get(user.id)!.delete(role.id);
  recordMutation(state, context.audit, "user.account.privilege.revoke", "Revoke user privilege", [userTarget(user), plainTarget(role.id, "ROLE", role.label)]);
  return noContent();
}

export function registerUserResourceRoutes(router: Router): void {
  router
    .add("DELETE", "/api/v1/users/:userId/sessions", clearSessions)
    .add("DELETE", "/api/v1/users/:userId/grants", revokeGrants)
    .add("GET", "/api/v1/users/:userId/groups", listGroupsOfUser)
    .add("GET", "/api/v1/users/:userId/appLinks", listAppLinks)
    .add("GET", "/api/v1/users/:userId/factors", listFactors)
    .add("GET", "/api/v1/users/:userId/factors/:factorId", getFactor)
    .add("DELETE", "/api/v1/users/:userId/factors/:factorId", deleteFactor)
    .add("GET", "/api/v1/users/:userId/roles", listRoles)
    .add("POST", "/api/v1/users/:userId/roles", assignRole)
    .add("DELETE", "/api/v1/users/:userId/roles/:roleId", unassignRole);
}
