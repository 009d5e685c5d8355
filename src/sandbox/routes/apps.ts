// /api/v1/apps: list (q, filter), get, create, replace, delete (INACTIVE only), lifecycle, user and group assignments.

import { appTarget, groupTarget, plainTarget, recordMutation, userTarget } from "../audit.js";
import { compileExpression } from "../expression.js";
import { appUserOf, appUsersOf } from "../membership.js";
import { notFound, OktaWireError, validationFailed } from "../okta-error.js";
import { renderApp, renderAppGroup, renderAppUser } from "../render.js";
import { isObject, listReply, noContent, ok, queryFlag } from "../reply.js";
import type { HandlerContext, Reply, Router } from "../router.js";
import { appFields } from "../app-types.js";
import { newAppShape } from "../seed/apps.js";
import { directAppUser } from "../seed/apps.js";
import { collectionFor, type AppUser, type JsonObject, type OktaApp, type OrgState } from "../state.js";
import { requireGroup } from "./groups.js";
import { requireUser } from "./users.js";

const SIGN_ON_MODES = ["BOOKMARK", "BASIC_AUTH", "BROWSER_PLUGIN", "SECURE_PASSWORD_STORE", "AUTO_LOGIN", "WS_FEDERATION", "SAML_2_0", "OPENID_CONNECT", "SAML_1_1"];
const FILTER_ATTRIBUTES = ["status", "name", "id", "user.id", "group.id", "credentials.signing.kid"];

function requireApp(state: OrgState, appId: string): OktaApp {
  const app = state.apps.get(appId);
  if (!app) throw notFound(appId, "AppInstance");
  return app;
}

function listApps(context: HandlerContext): Reply {
  const { state, url } = context;
  const filter = url.searchParams.get("filter");
  const prefix = url.searchParams.get("q")?.toLowerCase();
  const matches = filter ? compileExpression(filter, { attributes: FILTER_ATTRIBUTES, operators: ["eq", "sw"] }) : undefined;
  // user.id / group.id filters are about assignments, not app attributes.
  const byAssignment = filter?.match(/^\s*(user|group)\.id\s+eq\s+"([^"]+)"\s*$/i);
  function* matching(): Generator<OktaApp> {
    for (const app of state.apps.values()) {
      if (prefix && !app.label.toLowerCase().startsWith(prefix) && !app.name.toLowerCase().startsWith(prefix)) continue;
      if (byAssignment) {
        const [, kind, id] = byAssignment;
        const assigned = kind.toLowerCase() === "user" ? appUserOf(state, app.id, id) : state.appGroups.get(app.id)?.get(id);
        if (!assigned) continue;
      } else if (matches && !matches(app)) continue;
      yield app;
    }
  }
  return listReply(context, matching(), (a) => [state.apps.seqOf(a.id)], renderApp);
}

const ORG_SLUG = "acmesandbox";

function validApp(body: Record<string, unknown>): { label: string; signOnMode: string } {
  if (typeof body.label !== "string" || body.label.trim() === "") throw validationFailed("label", "The field cannot be left blank");
  const signOnMode = typeof body.signOnMode === "string" ? body.signOnMode : "";
  if (!SIGN_ON_MODES.includes(signOnMode)) throw validationFailed("signOnMode", `Must be one of ${SIGN_ON_MODES.join(", ")}`);
  return { label: body.label, signOnMode };
}

async function createApp(context: HandlerContext): Promise<Reply> {
  const { state, url } = context;
  const body = await context.body();
  const { label, signOnMode } = validApp(body);
  const id = state.random.oktaId("0oa");
  // Each sign-on mode's settings and credentials are checked (E0000001 with every cause) and completed.
  const fields = appFields(body, { id, label, signOnMode }, state.random, ORG_SLUG);
  const now = state.clock.tick();
  const status = queryFlag(url, "activate", true) ? "ACTIVE" : "INACTIVE";
  const app = newAppShape(id, label, fields.name, signOnMode, status, now, fields.settings, "");
  for (const key of ["accessibility", "visibility", "profile", "features"] as const) {
    if (body[key] !== undefined) app[key] = isObject(app[key]) && isObject(body[key]) ? { ...(app[key] as JsonObject), ...(body[key] as JsonObject) } : body[key];
  }
  app.credentials = fields.credentials;
  state.apps.put(app);
  recordMutation(state, context.audit, "application.lifecycle.create", "Create application", [appTarget(app)], now);
  if (status === "ACTIVE") recordMutation(state, context.audit, "application.lifecycle.activate", "Activate application", [appTarget(app)], now);
  return ok(renderApp(app));
}

async function replaceApp(context: HandlerContext): Promise<Reply> {
  const { state } = context;
  const app = requireApp(state, context.params.appId);
  const body = await context.body();
  const { label, signOnMode } = validApp({ signOnMode: app.signOnMode, ...body });
  if (signOnMode !== app.signOnMode) throw validationFailed("signOnMode", "The sign-on mode of an app cannot be changed");
  const fields = appFields(body, { id: app.id, label, signOnMode, existing: app }, state.random, ORG_SLUG);
  const now = state.clock.tick();
  // A full replacement: what the body leaves out goes back to its default. Identity, lifecycle and the signing
  // key stay, as on a real org.
  const { id, name, status, created } = app;
  for (const key of Object.keys(app)) delete app[key];
  Object.assign(app, newAppShape(id, label, name, signOnMode, status, created, fields.settings, ""));
  for (const [key, value] of Object.entries(body)) if (!["id", "name", "status", "created", "lastUpdated", "_links", "__proto__", "constructor"].includes(key)) app[key] = value;
  Object.assign(app, { label, settings: fields.settings, credentials: fields.credentials, lastUpdated: now });
  recordMutation(state, context.audit, "application.lifecycle.update", "Update application", [appTarget(app)], now);
  return ok(renderApp(app));
}

function deleteApp(context: HandlerContext): Reply {
  const { state } = context;
  const app = requireApp(state, context.params.appId);
  if (app.status === "ACTIVE") {
    throw new OktaWireError(403, "E0000056", "Delete application forbidden.", ["The application must be deactivated before it can be deleted."]);
  }
  state.apps.delete(app.id);
  state.appUsers.delete(app.id);
  state.appGroups.delete(app.id);
  recordMutation(state, context.audit, "application.lifecycle.delete", "Delete application", [appTarget(app)]);
  return noContent();
}

function setStatus(context: HandlerContext, status: "ACTIVE" | "INACTIVE"): Reply {
  const { state } = context;
  const app = requireApp(state, context.params.appId);
  if (app.status !== status) {
    const now = state.clock.tick();
    app.status = status;
    app.lastUpdated = now;
    const verb = status === "ACTIVE" ? "activate" : "deactivate";
    recordMutation(state, context.audit, `application.lifecycle.${verb}`, `${status === "ACTIVE" ? "Activate" : "Deactivate"} application`, [appTarget(app)], now);
  }
  return ok({});
}

function listAppUsers(context: HandlerContext): Reply {
  const { state, url } = context;
  const app = requireApp(state, context.params.appId);
  const prefix = url.searchParams.get("q")?.toLowerCase();
  function* matching(): Generator<AppUser> {
    for (const appUser of appUsersOf(state, app.id)) {
      if (prefix) {
        const user = state.users.get(appUser.id);
        const names = [String(appUser.credentials.userName ?? ""), String(user?.profile.firstName ?? ""), String(user?.profile.lastName ?? ""), String(user?.profile.email ?? "")];
        if (!names.some((n) => n.toLowerCase().startsWith(prefix))) continue;
      }
      yield appUser;
    }
  }
  // Group-derived users have no stored sequence; key them after direct ones by user sequence.
  const keyOf = (u: AppUser) => [u.scope === "USER" ? 0 : 1, state.appUsers.get(app.id)?.seqOf(u.id) ?? state.users.seqOf(u.id)];
  return listReply(context, matching(), keyOf, (u) => renderAppUser(app.id, u), { defaultLimit: 50, maxLimit: 500 });
}

async function assignUser(context: HandlerContext, userIdFromPath?: string): Promise<Reply> {
  const { state } = context;
  const app = requireApp(state, context.params.appId);
  const body = await context.body();
  const userId = userIdFromPath ?? (typeof body.id === "string" ? body.id : "");
  if (!userId) throw validationFailed("id", "The field cannot be left blank");
  const user = requireUser(state, userId);
  const users = collectionFor(state, state.appUsers, app.id);
  const existing = users.get(user.id);
  const now = state.clock.tick();
  const credentials = isObject(body.credentials) ? body.credentials : undefined;
  const profile = isObject(body.profile) ? body.profile : undefined;
  const appUser = existing
    ? Object.assign(existing, { lastUpdated: now, credentials: { ...existing.credentials, ...credentials }, profile: { ...existing.profile, ...profile } })
    : users.put(directAppUser(user, now, credentials, profile));
  if (existing) {
    recordMutation(state, context.audit, "application.user_membership.change_username", "Update user's app assignment", [plainTarget(appUser.id, "AppUser", String(appUser.credentials.userName)), appTarget(app), userTarget(user)], now);
  } else {
    recordMutation(state, context.audit, "application.user_membership.add", "Add user to application membership", [plainTarget(appUser.id, "AppUser", String(appUser.credentials.userName)), appTarget(app), userTarget(user)], now);
  }
  return ok(renderAppUser(app.id, appUser));
}

function getAppUser(context: HandlerContext): Reply {
  const { state, params } = context;
  const app = requireApp(state, params.appId);
  const appUser = appUserOf(state, app.id, params.userId);
  if (!appUser) throw notFound(params.userId, "AppUser");
  return ok(renderAppUser(app.id, appUser));
}

function unassignUser(context: HandlerContext): Reply {
  const { state, params } = context;
  const app = requireApp(state, params.appId);
  const appUser = state.appUsers.get(app.id)?.get(params.userId);
  if (!appUser) {
    if (appUserOf(state, app.id, params.userId)) {
      throw new OktaWireError(403, "E0000006", "You do not have permission to perform the requested action", ["The user is assigned through a group; remove the group assignment or the group membership instead."]);
    }
    throw notFound(params.userId, "AppUser");
  }
  state.appUsers.get(app.id)!.delete(appUser.id);
  const user = state.users.get(appUser.id);
  recordMutation(state, context.audit, "application.user_membership.remove", "Remove user from application membership", [plainTarget(appUser.id, "AppUser", String(appUser.credentials.userName)), appTarget(app), ...(user ? [userTarget(user)] : [])]);
  return noContent();
}

function listAppGroups(context: HandlerContext): Reply {
  const { state } = context;
  const app = requireApp(state, context.params.appId);
  const groups = state.appGroups.get(app.id);
  return listReply(context, groups?.values() ?? [], (g) => [groups!.seqOf(g.id)], (g) => renderAppGroup(app.id, g), { defaultLimit: 20, maxLimit: 200 });
}

async function assignGroup(context: HandlerContext): Promise<Reply> {
  const { state, params } = context;
  const app = requireApp(state, params.appId);
  const group = requireGroup(state, params.groupId);
  const body = await context.body();
  const groups = collectionFor(state, state.appGroups, app.id);
  const now = state.clock.tick();
  const priority = typeof body.priority === "number" ? body.priority : groups.get(group.id)?.priority ?? groups.size;
  const assignment = groups.put({ id: group.id, lastUpdated: now, priority, profile: isObject(body.profile) ? body.profile : {} });
  recordMutation(state, context.audit, "group.application_assignment.add", "Add assigned application to group", [appTarget(app), groupTarget(group)], now);
  return ok(renderAppGroup(app.id, assignment));
}

function getAppGroup(context: HandlerContext): Reply {
  const { state, params } = context;
  const app = requireApp(state, params.appId);
  const assignment = state.appGroups.get(app.id)?.get(params.groupId);
  if (!assignment) throw notFound(params.groupId, "ApplicationGroupAssignment");
  return ok(renderAppGroup(app.id, assignment));
}

function unassignGroup(context: HandlerContext): Reply {
  const { state, params } = context;
  const app = requireApp(state, params.appId);
  const assignment = state.appGroups.get(app.id)?.get(params.groupId);
  if (!assignment) throw notFound(params.groupId, "ApplicationGroupAssignment");
  state.appGroups.get(app.id)!.delete(assignment.id);
  const group = state.groups.get(assignment.id);
  recordMutation(state, context.audit, "group.application_assignment.remove", "Remove assigned application from group", [appTarget(app), ...(group ? [groupTarget(group)] : [])]);
  return noContent();
}

export function registerAppRoutes(router: Router): void {
  router
    .add("GET", "/api/v1/apps", listApps)
    .add("POST", "/api/v1/apps", createApp)
    .add("GET", "/api/v1/apps/:appId", (c) => ok(renderApp(requireApp(c.state, c.params.appId))))
    .add("PUT", "/api/v1/apps/:appId", replaceApp)
    .add("DELETE", "/api/v1/apps/:appId", deleteApp)
    .add("POST", "/api/v1/apps/:appId/lifecycle/activate", (c) => setStatus(c, "ACTIVE"))
    .add("POST", "/api/v1/apps/:appId/lifecycle/deactivate", (c) => setStatus(c, "INACTIVE"))
    .add("GET", "/api/v1/apps/:appId/users", listAppUsers)
    .add("POST", "/api/v1/apps/:appId/users", (c) => assignUser(c))
    .add("GET", "/api/v1/apps/:appId/users/:userId", getAppUser)
    .add("POST", "/api/v1/apps/:appId/users/:userId", (c) => assignUser(c, c.params.userId))
    .add("DELETE", "/api/v1/apps/:appId/users/:userId", unassignUser)
    .add("GET", "/api/v1/apps/:appId/groups", listAppGroups)
    .add("GET", "/api/v1/apps/:appId/groups/:groupId", getAppGroup)
    .add("PUT", "/api/v1/apps/:appId/groups/:groupId", assignGroup)
    .add("DELETE", "/api/v1/apps/:appId/groups/:groupId", unassignGroup);
}
