// The reports as tools/list and argument checks see them: names, summaries, the reads they need, and the policy
// baseline. Light on purpose (loaded at start-up); each report's code is loaded on its first run.
import { op } from "../playbooks/types.js";
import type { ReportInfo } from "./types.js";

export const LIST_USERS = op("GET", "/api/v1/users");
export const GET_USER = op("GET", "/api/v1/users/{id}");
export const LIST_FACTORS = op("GET", "/api/v1/users/{userId}/factors");
export const LIST_ASSIGNEES = op("GET", "/api/v1/iam/assignees/users");
export const LIST_USER_ROLES = op("GET", "/api/v1/users/{userId}/roles");
export const LIST_USER_GROUPS = op("GET", "/api/v1/users/{id}/groups");
export const LIST_GROUP_ROLES = op("GET", "/api/v1/groups/{groupId}/roles");
export const LIST_LOGS = op("GET", "/api/v1/logs");
export const LIST_POLICIES = op("GET", "/api/v1/policies");
export const LIST_POLICY_RULES = op("GET", "/api/v1/policies/{policyId}/rules");
export const GET_THREAT_INSIGHT = op("GET", "/api/v1/threats/configuration");
export const LIST_ZONES = op("GET", "/api/v1/zones");

/** The policy baseline a caller may override, key by key; these defaults follow common guidance (NIST 800-63B, CIS). */
export const DEFAULT_BASELINE = {
  passwordMinLength: 12,
  passwordMaxAttempts: 10,
  passwordHistoryCount: 4,
  passwordExcludeUsername: true,
  passwordCommonDictionary: true,
  signOnRequiresMfa: true,
  maxSessionIdleMinutes: 120,
  appSignOnRequires2fa: true,
  mfaEnrollRequiresStrong: true,
  threatInsightAction: "block" as "block" | "audit" | "none",
  blocklistZone: true,
};
export type Baseline = typeof DEFAULT_BASELINE;

export const REPORTS: readonly ReportInfo[] = [
  {
    name: "mfa_coverage",
    title: "MFA coverage",
    summary: "ACTIVE users without a strong factor, users per factor type",
    required: [LIST_USERS, LIST_FACTORS],
    load: async () => (await import("./mfa-coverage.js")).mfaCoverage,
  },
  {
    name: "stale_accounts",
    title: "Stale accounts",
    summary: "no sign-in for `days` or never, by status",
    required: [LIST_USERS],
    load: async () => (await import("./stale-accounts.js")).staleAccounts,
  },
  {
    name: "admin_roles",
    title: "Admin role inventory",
    summary: "who holds which admin role, directly or via which group, last sign-in, flags",
    required: [LIST_ASSIGNEES, LIST_USER_ROLES, GET_USER],
    load: async () => (await import("./admin-roles.js")).adminRoles,
  },
  {
    name: "auth_events",
    title: "Authentication events",
    summary: "failed sign-ins by reason, user, IP, country and time; lockouts, MFA denials, spraying",
    required: [LIST_LOGS],
    load: async () => (await import("./auth-events.js")).authEvents,
  },
  {
    name: "policy_posture",
    title: "Policy posture",
    summary: "password, sign-on, MFA, ThreatInsight and zones against a baseline",
    required: [LIST_POLICIES, LIST_POLICY_RULES],
    load: async () => (await import("./policy-posture.js")).policyPosture,
  },
];
