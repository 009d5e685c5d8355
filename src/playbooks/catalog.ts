// The playbooks as tools/list and argument checks see them: names, options and the operations they may change the
// org with. Light on purpose (loaded at start-up); each planner is loaded on the playbook's first run.
import { booleanOption, groupIdOption, isoTimeOption, textOption } from "./options.js";
import { op, type PlaybookInfo } from "./types.js";

export const GET_USER = op("GET", "/api/v1/users/{id}");
export const SUSPEND = op("POST", "/api/v1/users/{id}/lifecycle/suspend");
export const UNSUSPEND = op("POST", "/api/v1/users/{id}/lifecycle/unsuspend");
export const UNLOCK = op("POST", "/api/v1/users/{id}/lifecycle/unlock");
export const EXPIRE_PASSWORD = op("POST", "/api/v1/users/{id}/lifecycle/expire_password");
export const RESET_PASSWORD = op("POST", "/api/v1/users/{id}/lifecycle/reset_password");
export const RESET_FACTORS = op("POST", "/api/v1/users/{id}/lifecycle/reset_factors");
export const DEACTIVATE = op("POST", "/api/v1/users/{id}/lifecycle/deactivate");
export const DELETE_USER = op("DELETE", "/api/v1/users/{id}");
export const CLEAR_SESSIONS = op("DELETE", "/api/v1/users/{userId}/sessions");
export const REVOKE_GRANTS = op("DELETE", "/api/v1/users/{userId}/grants");
export const LIST_FACTORS = op("GET", "/api/v1/users/{userId}/factors");
export const UNENROLL_FACTOR = op("DELETE", "/api/v1/users/{userId}/factors/{factorId}");
export const LIST_USER_GROUPS = op("GET", "/api/v1/users/{id}/groups");
export const GET_GROUP = op("GET", "/api/v1/groups/{groupId}");
export const ADD_TO_GROUP = op("PUT", "/api/v1/groups/{groupId}/users/{userId}");
export const REMOVE_FROM_GROUP = op("DELETE", "/api/v1/groups/{groupId}/users/{userId}");
export const LIST_ROLES = op("GET", "/api/v1/users/{userId}/roles");
export const UNASSIGN_ROLE = op("DELETE", "/api/v1/users/{userId}/roles/{roleAssignmentId}");
export const LIST_APP_LINKS = op("GET", "/api/v1/users/{id}/appLinks");
export const GET_APP_USER = op("GET", "/api/v1/apps/{appId}/users/{userId}");
export const REMOVE_FROM_APP = op("DELETE", "/api/v1/apps/{appId}/users/{userId}");

export const PLAYBOOKS: readonly PlaybookInfo[] = [
  {
    name: "contain_compromised_account",
    title: "Contain a compromised account",
    summary: "suspend or hold, sign out, revoke tokens, reset factors, quarantine",
    options: { hold: booleanOption, factorsSince: isoTimeOption, quarantineGroupId: groupIdOption },
    writes: [SUSPEND, EXPIRE_PASSWORD, CLEAR_SESSIONS, RESET_FACTORS, UNENROLL_FACTOR, ADD_TO_GROUP],
    loadPlan: async () => (await import("./contain-compromised-account.js")).planContainment,
  },
  {
    name: "offboard_user",
    title: "Offboard a user",
    summary: "sign out, revoke tokens and grants, remove roles, groups and apps, deactivate",
    options: { delete: booleanOption },
    writes: [CLEAR_SESSIONS, REVOKE_GRANTS, UNASSIGN_ROLE, REMOVE_FROM_GROUP, REMOVE_FROM_APP, DEACTIVATE, DELETE_USER],
    loadPlan: async () => (await import("./offboard-user.js")).planOffboarding,
  },
  {
    name: "reset_after_identity_check",
    title: "Reset an account after a help-desk identity check",
    summary: "needs verification; unlock, reset factors, sign out, email a password reset link",
    options: { verification: textOption(200), unsuspend: booleanOption, keepFactors: booleanOption },
    required: ["verification"],
    writes: [UNLOCK, UNSUSPEND, RESET_FACTORS, CLEAR_SESSIONS, RESET_PASSWORD],
    loadPlan: async () => (await import("./reset-after-identity-check.js")).planReset,
  },
];
