// Who belongs where: group members (Everyone is computed), a user's groups, and app assignments
// (direct, plus those inherited from assigned groups).

import { directAppUser } from "./seed/apps.js";
import type { AppUser, OktaApp, OktaGroup, OktaUser, OrgState } from "./state.js";

export function isMember(state: OrgState, groupId: string, userId: string): boolean {
  if (groupId === state.everyoneGroupId) return state.users.has(userId);
  return state.groupMembers.get(groupId)?.has(userId) ?? false;
}

export function* membersOf(state: OrgState, groupId: string): Generator<OktaUser> {
  if (groupId === state.everyoneGroupId) {
    yield* state.users.values();
    return;
  }
  // Sets keep the order members were added; pagination needs the users' own order.
  const ids = [...(state.groupMembers.get(groupId) ?? [])].sort((a, b) => state.users.seqOf(a) - state.users.seqOf(b));
  for (const userId of ids) {
    const user = state.users.get(userId);
    if (user) yield user;
  }
}

export function* groupsOf(state: OrgState, userId: string): Generator<OktaGroup> {
  for (const group of state.groups.values()) if (isMember(state, group.id, userId)) yield group;
}

/** Every user of an app: direct assignments first, then members of assigned groups not directly assigned. */
export function* appUsersOf(state: OrgState, appId: string): Generator<AppUser> {
  const direct = state.appUsers.get(appId);
  if (direct) yield* direct.values();
  const inherited = new Map<string, AppUser>();
  for (const assignment of state.appGroups.get(appId)?.values() ?? []) {
    for (const user of membersOf(state, assignment.id)) {
      if (direct?.has(user.id) || inherited.has(user.id)) continue;
      inherited.set(user.id, directAppUser(user, assignment.lastUpdated, undefined, undefined, "GROUP"));
    }
  }
  // In user order, which is what the pagination key of inherited assignments follows.
  yield* [...inherited.values()].sort((a, b) => state.users.seqOf(a.id) - state.users.seqOf(b.id));
}

export function appUserOf(state: OrgState, appId: string, userId: string): AppUser | undefined {
  const direct = state.appUsers.get(appId)?.get(userId);
  if (direct) return direct;
  for (const assignment of state.appGroups.get(appId)?.values() ?? []) {
    if (!isMember(state, assignment.id, userId)) continue;
    const user = state.users.get(userId);
    if (user) return directAppUser(user, assignment.lastUpdated, undefined, undefined, "GROUP");
  }
  return undefined;
}

export function* appsOfUser(state: OrgState, userId: string): Generator<OktaApp> {
  for (const app of state.apps.values()) if (appUserOf(state, app.id, userId)) yield app;
}

/** Removes every trace of a deleted user (memberships, assignments, factors, roles). */
export function forgetUser(state: OrgState, userId: string): void {
  for (const members of state.groupMembers.values()) members.delete(userId);
  for (const users of state.appUsers.values()) users.delete(userId);
  state.factors.delete(userId);
  state.roles.delete(userId);
  state.userHasPassword.delete(userId);
}
