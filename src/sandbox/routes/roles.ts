// Admin roles held through groups, who holds any admin role (IAM assignees), and the ThreatInsight configuration.

import { isMember } from "../membership.js";
import { notFound } from "../okta-error.js";
import { listReply, ok } from "../reply.js";
import type { HandlerContext, Reply, Router } from "../router.js";
import type { OktaUser, OrgState, RoleAssignment } from "../state.js";

/** The roles a user holds through the groups they are in (Okta lists them with the user's own, assignmentType GROUP). */
export function groupRolesOf(state: OrgState, userId: string): RoleAssignment[] {
  const roles: RoleAssignment[] = [];
  for (const [groupId, assigned] of state.groupRoles) {
    if (isMember(state, groupId, userId)) roles.push(...assigned.values());
  }
  return roles;
}

function listGroupRoles(context: HandlerContext): Reply {
  const { state, params } = context;
  const group = state.groups.get(params.groupId);
  if (!group) throw notFound(params.groupId, "Group");
  return ok([...(state.groupRoles.get(group.id)?.values() ?? [])].map((role) => ({ ...role, _links: { assignee: { href: `{{org}}/api/v1/groups/${group.id}` } } })));
}

function* assignees(state: OrgState): Generator<OktaUser> {
  for (const user of state.users.values()) {
    if ((state.roles.get(user.id)?.size ?? 0) > 0 || groupRolesOf(state, user.id).length > 0) yield user;
  }
}

/** GET /api/v1/iam/assignees/users: one page of `{ value: [{ id, orn }], _links }`. */
function listAssignees(context: HandlerContext): Reply {
  const { state } = context;
  const reply = listReply(context, assignees(state), (u) => [state.users.seqOf(u.id)], (u) => ({ id: u.id, orn: `orn:okta:directory:sandbox:users:${u.id}` }), { defaultLimit: 100, maxLimit: 100 });
  const next = /<([^>]+)>;\s*rel="next"/.exec(reply.link ?? "")?.[1];
  return { ...reply, body: { value: reply.body, _links: next ? { next: { href: next } } : {} } };
}

function threatInsight(context: HandlerContext): Reply {
  return ok({ ...context.state.threatInsight, _links: { self: { href: "{{org}}/api/v1/threats/configuration" } } });
}

export function registerRoleRoutes(router: Router): void {
  router
    .add("GET", "/api/v1/groups/:groupId/roles", listGroupRoles)
    .add("GET", "/api/v1/iam/assignees/users", listAssignees)
    .add("GET", "/api/v1/threats/configuration", threatInsight);
}
