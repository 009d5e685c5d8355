// /api/v1/groups: list (q, search, filter), get, create, replace, delete, members and the group's apps.

import { groupTarget, recordMutation, userTarget } from "../audit.js";
import { compileExpression } from "../expression.js";
import { isMember, membersOf } from "../membership.js";
import { alreadyExists, forbidden, notFound, validationFailed } from "../okta-error.js";
import { renderApp, renderGroup, renderUser } from "../render.js";
import { isObject, listReply, noContent, ok } from "../reply.js";
import type { HandlerContext, Reply, Router } from "../router.js";
import type { OktaApp, OktaGroup, OktaUser, OrgState } from "../state.js";
import { requireUser } from "./users.js";

const FILTER_ATTRIBUTES = ["type", "id", "lastUpdated", "lastMembershipUpdated", "created", "profile.name"];

export function requireGroup(state: OrgState, groupId: string): OktaGroup {
  const group = state.groups.get(groupId);
  if (!group) throw notFound(groupId, "UserGroup");
  return group;
}

/** Okta keeps BUILT_IN and APP_GROUP groups out of reach of the groups API's writes. */
function requireOktaGroup(state: OrgState, groupId: string): OktaGroup {
  const group = requireGroup(state, groupId);
  if (group.type !== "OKTA_GROUP") throw forbidden();
  return group;
}

function listGroups(context: HandlerContext): Reply {
  const { state, url } = context;
  const search = url.searchParams.get("search");
  const filter = url.searchParams.get("filter");
  const prefix = url.searchParams.get("q")?.toLowerCase();
  const predicate = search
    ? compileExpression(search)
    : filter
      ? compileExpression(filter, { attributes: FILTER_ATTRIBUTES })
      : (group: unknown) => !prefix || (group as OktaGroup).profile.name.toLowerCase().startsWith(prefix);
  function* matching(): Generator<OktaGroup> {
    for (const group of state.groups.values()) if (predicate(group)) yield group;
  }
  return listReply(context, matching(), (g) => [state.groups.seqOf(g.id)], renderGroup, { maxLimit: 10000 });
}

function validGroupProfile(state: OrgState, body: Record<string, unknown>, groupId?: string): OktaGroup["profile"] {
  const profile = body.profile;
  if (!isObject(profile) || typeof profile.name !== "string" || profile.name.trim() === "") {
    throw validationFailed("name", "The field cannot be left blank");
  }
  const name = profile.name;
  const clash = state.groups.find((g) => g.profile.name.toLowerCase() === name.toLowerCase());
  if (clash && clash.id !== groupId) throw alreadyExists("name");
  return { ...profile, name, description: typeof profile.description === "string" ? profile.description : null };
}

async function createGroup(context: HandlerContext): Promise<Reply> {
  const { state } = context;
  const profile = validGroupProfile(state, await context.body());
  const now = state.clock.tick();
  const group = state.groups.put({
    id: state.random.oktaId("00g"),
    created: now,
    lastUpdated: now,
    lastMembershipUpdated: now,
    objectClass: ["okta:user_group"],
    type: "OKTA_GROUP",
    profile,
  });
  state.groupMembers.set(group.id, new Set());
  recordMutation(state, context.audit, "group.lifecycle.create", "Create okta group", [groupTarget(group)], now);
  return ok(renderGroup(group));
}

async function replaceGroup(context: HandlerContext): Promise<Reply> {
  const { state } = context;
  const group = requireOktaGroup(state, context.params.groupId);
  const profile = validGroupProfile(state, await context.body(), group.id);
  const now = state.clock.tick();
  group.profile = profile;
  group.lastUpdated = now;
  recordMutation(state, context.audit, "group.profile.update", "Update group profile", [groupTarget(group)], now);
  return ok(renderGroup(group));
}

function deleteGroup(context: HandlerContext): Reply {
  const { state } = context;
  const group = requireOktaGroup(state, context.params.groupId);
  const now = state.clock.tick();
  state.groups.delete(group.id);
  state.groupMembers.delete(group.id);
  for (const assignments of state.appGroups.values()) assignments.delete(group.id);
  recordMutation(state, context.audit, "group.lifecycle.delete", "Delete okta group", [groupTarget(group)], now);
  return noContent();
}

function listMembers(context: HandlerContext): Reply {
  const { state } = context;
  const group = requireGroup(state, context.params.groupId);
  return listReply(context, membersOf(state, group.id), (u: OktaUser) => [state.users.seqOf(u.id)], renderUser, { defaultLimit: 1000, maxLimit: 1000 });
}

function changeMembership(context: HandlerContext, add: boolean): Reply {
  const { state, params } = context;
  const group = requireOktaGroup(state, params.groupId);
  const user = requireUser(state, params.userId);
  const members = state.groupMembers.get(group.id)!;
  if (add === isMember(state, group.id, user.id)) return noContent();
  const now = state.clock.tick();
  if (add) members.add(user.id);
  else members.delete(user.id);
  group.lastMembershipUpdated = now;
  recordMutation(
    state,
    context.audit,
    add ? "group.user_membership.add" : "group.user_membership.remove",
    add ? "Add user to group membership" : "Remove user from group membership",
    [userTarget(user), groupTarget(group)],
    now,
  );
  return noContent();
}

function listGroupApps(context: HandlerContext): Reply {
  const { state } = context;
  const group = requireGroup(state, context.params.groupId);
  function* assigned(): Generator<OktaApp> {
    for (const app of state.apps.values()) if (state.appGroups.get(app.id)?.has(group.id)) yield app;
  }
  return listReply(context, assigned(), (a) => [state.apps.seqOf(a.id)], renderApp);
}

export function registerGroupRoutes(router: Router): void {
  router
    .add("GET", "/api/v1/groups", listGroups)
    .add("POST", "/api/v1/groups", createGroup)
    .add("GET", "/api/v1/groups/:groupId", (c) => ok(renderGroup(requireGroup(c.state, c.params.groupId))))
    .add("PUT", "/api/v1/groups/:groupId", replaceGroup)
    .add("DELETE", "/api/v1/groups/:groupId", deleteGroup)
    .add("GET", "/api/v1/groups/:groupId/users", listMembers)
    .add("PUT", "/api/v1/groups/:groupId/users/:userId", (c) => changeMembership(c, true))
    .add("DELETE", "/api/v1/groups/:groupId/users/:userId", (c) => changeMembership(c, false))
    .add("GET", "/api/v1/groups/:groupId/apps", listGroupApps);
}

