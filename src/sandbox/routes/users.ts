// /api/v1/users: list (search, filter, q), get, create, update, replace and the two-step delete.

import { recordMutation, userTarget } from "../audit.js";
import { compileExpression, type Predicate } from "../expression.js";
import { applyGroupRules } from "../group-rule-engine.js";
import { forgetUser } from "../membership.js";
import { notFound } from "../okta-error.js";
import { compareKeys, type PositionKey } from "../pagination.js";
import { renderUser } from "../render.js";
import { listReply, noContent, ok, queryFlag } from "../reply.js";
import type { HandlerContext, Reply, Router } from "../router.js";
import type { OktaUser, OrgState } from "../state.js";
import { findUser, passwordFrom, storedCredentials, validateProfile } from "./user-input.js";

/** What Okta's users `filter` accepts (search accepts any attribute). */
const FILTER_ATTRIBUTES = ["status", "id", "lastUpdated", "created", "type.id", "profile.login", "profile.email", "profile.firstName", "profile.lastName"];
const MAX_LIMIT = 200;

export function requireUser(state: OrgState, idOrLogin: string): OktaUser {
  const user = findUser(state, idOrLogin);
  if (!user) throw notFound(idOrLogin, "User");
  return user;
}

function listUsers(context: HandlerContext): Reply {
  const { state, url } = context;
  const search = url.searchParams.get("search");
  const filter = url.searchParams.get("filter");
  const q = url.searchParams.get("q");
  const seqKey = (u: OktaUser): PositionKey => [state.users.seqOf(u.id)];

  if (search) {
    const matches = compileExpression(search);
    const sortBy = url.searchParams.get("sortBy");
    const descending = url.searchParams.get("sortOrder")?.toLowerCase() === "desc";
    let items: Iterable<OktaUser> = filterUsers(state, matches);
    let keyOf = seqKey;
    if (sortBy) {
      const path = sortBy.split(".");
      keyOf = (u) => [sortValue(u, path), state.users.seqOf(u.id)];
      const sorted = [...items].sort((a, b) => compareKeys(keyOf(a), keyOf(b)));
      items = descending ? sorted.reverse() : sorted;
    }
    return listReply(context, items, keyOf, renderUser, { maxLimit: MAX_LIMIT, descending: Boolean(sortBy) && descending });
  }
  if (filter) {
    const matches = compileExpression(filter, { attributes: FILTER_ATTRIBUTES, operators: ["eq", "gt", "ge", "lt", "le"] });
    return listReply(context, filterUsers(state, matches), seqKey, renderUser, { maxLimit: MAX_LIMIT });
  }
  const prefix = q?.toLowerCase();
  const visible = (u: OktaUser) =>
    u.status !== "DEPROVISIONED" &&
    (!prefix || ["firstName", "lastName", "email"].some((f) => String(u.profile[f] ?? "").toLowerCase().startsWith(prefix)));
  return listReply(context, filterUsers(state, visible), seqKey, renderUser, { maxLimit: MAX_LIMIT });
}

function* filterUsers(state: OrgState, matches: Predicate | ((user: OktaUser) => boolean)): Generator<OktaUser> {
  for (const user of state.users.values()) if (matches(user)) yield user;
}

function sortValue(user: OktaUser, path: string[]): string {
  let value: unknown = user;
  for (const segment of path) value = value && typeof value === "object" ? (value as Record<string, unknown>)[segment] : undefined;
  return value === undefined || value === null ? "" : String(value).toLowerCase();
}

async function createUser(context: HandlerContext): Promise<Reply> {
  const { state, url } = context;
  const body = await context.body();
  const profile = validateProfile(state, body.profile, { partial: false });
  const login = String(profile.login);
  const password = passwordFrom(body.credentials, login);
  const groupIds = Array.isArray(body.groupIds) ? body.groupIds.map(String) : [];
  for (const groupId of groupIds) if (!state.groups.has(groupId)) throw notFound(groupId, "Group");

  const activate = queryFlag(url, "activate", true);
  const now = state.clock.tick();
  const status = !activate ? "STAGED" : !password ? "PROVISIONED" : url.searchParams.get("nextLogin") === "changePassword" ? "PASSWORD_EXPIRED" : "ACTIVE";
  const user: OktaUser = {
    id: state.random.oktaId("00u"),
    status,
    created: now,
    activated: activate ? now : null,
    statusChanged: activate ? now : null,
    lastLogin: null,
    lastUpdated: now,
    passwordChanged: password ? now : null,
    type: { id: state.defaultUserTypeId },
    profile: { mobilePhone: null, secondEmail: null, ...profile },
    credentials: storedCredentials(body.credentials, login, Boolean(password)),
  };
  state.users.put(user);
  state.userHasPassword.set(user.id, Boolean(password));
  recordMutation(state, context.audit, "user.lifecycle.create", "Create okta user", [userTarget(user)], now);
  if (activate) recordMutation(state, context.audit, "user.lifecycle.activate", "Activate Okta user", [userTarget(user)], now);
  for (const groupId of groupIds) {
    state.groupMembers.get(groupId)?.add(user.id);
    const group = state.groups.get(groupId)!;
    recordMutation(state, context.audit, "group.user_membership.add", "Add user to group membership", [userTarget(user), { id: group.id, type: "UserGroup", alternateId: "unknown", displayName: group.profile.name }], now);
  }
  applyGroupRules(state, context.audit, [user]);
  return ok(renderUser(user));
}

async function updateUser(context: HandlerContext, replace: boolean): Promise<Reply> {
  const { state } = context;
  const user = requireUser(state, context.params.userId);
  // Without the "edit deactivated user profiles" org option, Okta answers 404 here (okta/okta-sdk-java#721).
  if (user.status === "DEPROVISIONED") throw notFound(user.id, "User");
  const body = await context.body();
  const profile = validateProfile(state, body.profile, { partial: !replace, userId: user.id });
  const login = String(profile.login ?? user.profile.login);
  const password = passwordFrom(body.credentials, login);
  const now = state.clock.tick();
  const changedProfile = replace || Object.keys(profile).length > 0;
  if (changedProfile) user.profile = replace ? { ...profile } : { ...user.profile, ...profile };
  if (password) {
    state.userHasPassword.set(user.id, true);
    user.passwordChanged = now;
  }
  if (password || replace || body.credentials !== undefined) {
    user.credentials = storedCredentials(body.credentials ?? user.credentials, String(user.profile.login), state.userHasPassword.get(user.id) ?? false);
  }
  user.lastUpdated = now;
  if (changedProfile) recordMutation(state, context.audit, "user.account.update_profile", "Update user profile for Okta", [userTarget(user)], now);
  if (password) recordMutation(state, context.audit, "user.account.update_password", "Update password for user", [userTarget(user)], now);
  if (changedProfile) applyGroupRules(state, context.audit, [user]);
  return ok(renderUser(user));
}

/** Okta's two-step delete: the first DELETE deactivates, the second (on a DEPROVISIONED user) deletes. */
function deleteUser(context: HandlerContext): Reply {
  const { state } = context;
  const user = requireUser(state, context.params.userId);
  const now = state.clock.tick();
  if (user.status !== "DEPROVISIONED") {
    user.status = "DEPROVISIONED";
    user.statusChanged = now;
    user.lastUpdated = now;
    recordMutation(state, context.audit, "user.lifecycle.deactivate", "Deactivate Okta user", [userTarget(user)], now);
    return noContent();
  }
  recordMutation(state, context.audit, "user.lifecycle.delete.initiated", "Delete Okta user initiated", [userTarget(user)], now);
  state.users.delete(user.id);
  forgetUser(state, user.id);
  recordMutation(state, context.audit, "user.lifecycle.delete.completed", "Delete Okta user completed", [userTarget(user)], now);
  return noContent();
}

export function registerUserRoutes(router: Router): void {
  router
    .add("GET", "/api/v1/users", listUsers)
    .add("POST", "/api/v1/users", createUser)
    .add("GET", "/api/v1/users/:userId", (c) => ok(renderUser(requireUser(c.state, c.params.userId))))
    .add("POST", "/api/v1/users/:userId", (c) => updateUser(c, false))
    .add("PUT", "/api/v1/users/:userId", (c) => updateUser(c, true))
    .add("DELETE", "/api/v1/users/:userId", deleteUser);
}
