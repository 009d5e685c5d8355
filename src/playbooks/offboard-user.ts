// Offboard a user: sign out and revoke tokens and grants, remove admin roles, group memberships and direct app
// assignments, deactivate; delete only when asked (permanent). What comes through a group (an app assignment,
// an admin role) is removed with the membership, and the plan says so rather than trying and failing.
import { must } from "../runtime/okta-client.js";
import { DEACTIVATE, DELETE_USER, GET_APP_USER, LIST_APP_LINKS, LIST_ROLES, LIST_USER_GROUPS, REMOVE_FROM_APP, REMOVE_FROM_GROUP, REVOKE_GRANTS, UNASSIGN_ROLE } from "./catalog.js";
import { blockedByMissingRead, clearSessionsStep } from "./steps.js";
import { type PlanFunction, type PlannedStep, userLabel } from "./types.js";

const notRunnable = () => Promise.reject(new Error("a placeholder step is never run"));

export const planOffboarding: PlanFunction = async ({ client, user, options, canCall, scopesOf }) => {
    const steps: PlannedStep[] = [];
    const notes: string[] = [];
    const who = userLabel(user);
    const gone = user.status === "DEPROVISIONED";
    const blocked = (read: typeof LIST_ROLES, what: string) => blockedByMissingRead(scopesOf(read), what);

    steps.push(clearSessionsStep(user, gone ? "a deactivated user has no sessions" : undefined));
    steps.push({
      id: "revoke_grants",
      action: "Revoke every consent grant the user gave to OAuth apps",
      target: `user ${who}`,
      operation: REVOKE_GRANTS,
      skip: gone ? "a deactivated user's grants are already revoked" : undefined,
      run: (c) => c.DELETE("/api/v1/users/{userId}/grants", { params: { path: { userId: user.id } } }),
    });

    if (!canCall(LIST_ROLES)) {
      steps.push({ id: "unassign_roles", action: "Remove the user's admin roles", target: `user ${who}`, operation: UNASSIGN_ROLE, blockedBy: blocked(LIST_ROLES, "the admin roles"), run: notRunnable });
    } else {
      const roles = must(await client.GET("/api/v1/users/{userId}/roles", { params: { path: { userId: user.id } } }));
      for (const role of roles) {
        const roleId = role.id;
        if (typeof roleId !== "string") continue;
        const label = `${String(role.label ?? role.type)} (${roleId})`;
        steps.push({
          id: `unassign_role:${roleId}`,
          action: `Remove the admin role ${String(role.label ?? role.type)}`,
          target: `role ${label} of user ${who}`,
          operation: UNASSIGN_ROLE,
          skip: role.assignmentType === "GROUP" ? "held through a group: it goes with the group membership" : undefined,
          run: (c) => c.DELETE("/api/v1/users/{userId}/roles/{roleAssignmentId}", { params: { path: { userId: user.id, roleAssignmentId: roleId } } }),
        });
      }
      if (!roles.length) notes.push("No admin roles.");
    }

    if (!canCall(LIST_USER_GROUPS)) {
      steps.push({ id: "remove_groups", action: "Remove the user from their groups", target: `user ${who}`, operation: REMOVE_FROM_GROUP, blockedBy: blocked(LIST_USER_GROUPS, "the user's groups"), run: notRunnable });
    } else {
      const groups = must(await client.GET("/api/v1/users/{id}/groups", { params: { path: { id: user.id } } }));
      for (const group of groups) {
        const groupId = group.id;
        if (typeof groupId !== "string") continue;
        const name = `${String(group.profile?.name ?? "?")} (${groupId})`;
        steps.push({
          id: `remove_group:${groupId}`,
          action: `Remove from group ${String(group.profile?.name ?? groupId)}`,
          target: `user ${who} from group ${name}`,
          operation: REMOVE_FROM_GROUP,
          skip: group.type === "BUILT_IN" ? "built-in group: every user is a member" : group.type === "APP_GROUP" ? "an app imports this group's members; change it in the app" : undefined,
          run: (c) => c.DELETE("/api/v1/groups/{groupId}/users/{userId}", { params: { path: { groupId, userId: user.id } } }),
        });
      }
    }

    if (!canCall(LIST_APP_LINKS) || !canCall(GET_APP_USER)) {
      const read = canCall(LIST_APP_LINKS) ? GET_APP_USER : LIST_APP_LINKS;
      steps.push({ id: "remove_apps", action: "Remove the user's direct app assignments", target: `user ${who}`, operation: REMOVE_FROM_APP, blockedBy: blocked(read, "the app assignments"), run: notRunnable });
    } else {
      const links = must(await client.GET("/api/v1/users/{id}/appLinks", { params: { path: { id: user.id } } }));
      const apps = new Map<string, string>();
      for (const link of links) if (typeof link.appInstanceId === "string") apps.set(link.appInstanceId, String(link.label ?? link.appName ?? link.appInstanceId));
      for (const [appId, label] of apps) {
        const assignment = must(await client.GET("/api/v1/apps/{appId}/users/{userId}", { params: { path: { appId, userId: user.id } } }));
        steps.push({
          id: `remove_app:${appId}`,
          action: `Remove the assignment to app ${label}`,
          target: `user ${who} from app ${label} (${appId})`,
          operation: REMOVE_FROM_APP,
          skip: assignment.scope === "GROUP" ? "assigned through a group: it goes with the group membership" : undefined,
          run: (c) => c.DELETE("/api/v1/apps/{appId}/users/{userId}", { params: { path: { appId, userId: user.id } } }),
        });
      }
    }

    steps.push({
      id: "deactivate",
      action: "Deactivate the user (deprovisions the remaining app assignments)",
      target: `user ${who}`,
      operation: DEACTIVATE,
      skip: gone ? "already DEPROVISIONED" : undefined,
      run: (c) => c.POST("/api/v1/users/{id}/lifecycle/deactivate", { params: { path: { id: user.id }, query: { sendEmail: false } } }),
    });
    if (options.delete === true) {
      steps.push({
        id: "delete",
        action: "Delete the user permanently",
        target: `user ${who}`,
        operation: DELETE_USER,
        run: (c) => c.DELETE("/api/v1/users/{id}", { params: { path: { id: user.id } } }),
      });
    }
    return { steps, notes };
};
