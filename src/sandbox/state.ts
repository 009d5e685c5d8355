// The org's state: plain Okta-shaped objects (without _links, which depend on the org URL and are added on output).

import type { OrgClock } from "./clock.js";
import { Collection } from "./collection.js";
import type { Random } from "./random.js";
import type { SystemLog } from "./system-log.js";

export type JsonObject = Record<string, unknown>;

export const USER_STATUSES = [
  "STAGED",
  "PROVISIONED",
  "ACTIVE",
  "RECOVERY",
  "PASSWORD_EXPIRED",
  "LOCKED_OUT",
  "SUSPENDED",
  "DEPROVISIONED",
] as const;
export type UserStatus = (typeof USER_STATUSES)[number];

export interface OktaUser {
  id: string;
  status: UserStatus;
  created: string;
  activated: string | null;
  statusChanged: string | null;
  lastLogin: string | null;
  lastUpdated: string;
  passwordChanged: string | null;
  type: { id: string };
  profile: JsonObject;
  credentials: JsonObject;
}

export interface OktaGroup {
  id: string;
  created: string;
  lastUpdated: string;
  lastMembershipUpdated: string;
  objectClass: string[];
  type: "OKTA_GROUP" | "BUILT_IN" | "APP_GROUP";
  profile: { name: string; description: string | null } & JsonObject;
}

export interface GroupRule {
  id: string;
  type: "group_rule";
  status: "ACTIVE" | "INACTIVE" | "INVALID";
  name: string;
  created: string;
  lastUpdated: string;
  conditions: JsonObject;
  actions: { assignUserToGroups: { groupIds: string[] } };
}

export interface OktaApp extends JsonObject {
  id: string;
  name: string;
  label: string;
  status: "ACTIVE" | "INACTIVE";
  created: string;
  lastUpdated: string;
  signOnMode: string;
}

export interface AppUser {
  id: string;
  externalId: string | null;
  created: string;
  lastUpdated: string;
  scope: "USER" | "GROUP";
  status: string;
  statusChanged: string;
  passwordChanged: string | null;
  syncState: string;
  credentials: JsonObject;
  profile: JsonObject;
}

export interface AppGroup {
  id: string;
  lastUpdated: string;
  priority: number;
  profile: JsonObject;
}

export interface Factor extends JsonObject {
  id: string;
  factorType: string;
  provider: string;
  vendorName: string;
  status: string;
  created: string;
  lastUpdated: string;
  profile: JsonObject;
}

export interface RoleAssignment {
  id: string;
  label: string;
  type: string;
  status: "ACTIVE";
  created: string;
  lastUpdated: string;
  assignmentType: "USER" | "GROUP";
}

export interface Policy extends JsonObject {
  id: string;
  status: "ACTIVE" | "INACTIVE";
  name: string;
  description: string | null;
  priority: number;
  system: boolean;
  type: string;
  created: string;
  lastUpdated: string;
  conditions: JsonObject | null;
}

export interface PolicyRule extends JsonObject {
  id: string;
  status: "ACTIVE" | "INACTIVE";
  name: string;
  priority: number;
  system: boolean;
  type: string;
  created: string;
  lastUpdated: string;
}

/** Read-mostly resources served by one generic handler (zones, trusted origins, ...). */
export interface CatalogResource {
  /** Path segment after /api/v1/, e.g. "zones". */
  path: string;
  /** Type name used in 404 messages. */
  typeName: string;
  items: Collection<JsonObject & { id: string }>;
  /** Prefix of ids minted on create. */
  idPrefix: string;
  /** System Log event type per write ("create", "update", "delete", "activate", "deactivate"). */
  events: Record<"create" | "update" | "delete" | "activate" | "deactivate", string>;
}

export interface OrgState {
  random: Random;
  clock: OrgClock;
  nextSeq: () => number;
  /** The admin the API token belongs to: actor of every logged mutation. */
  adminUserId: string;
  defaultUserTypeId: string;
  users: Collection<OktaUser>;
  /** Whether a user has a password; kept apart so it never leaks into JSON. */
  userHasPassword: Map<string, boolean>;
  groups: Collection<OktaGroup>;
  everyoneGroupId: string;
  /** Explicit members per group; Everyone's members are computed (all users). */
  groupMembers: Map<string, Set<string>>;
  groupRules: Collection<GroupRule>;
  apps: Collection<OktaApp>;
  appUsers: Map<string, Collection<AppUser>>;
  appGroups: Map<string, Collection<AppGroup>>;
  factors: Map<string, Collection<Factor>>;
  roles: Map<string, Collection<RoleAssignment>>;
  /** Admin roles assigned to groups: every member holds them (assignmentType GROUP). */
  groupRoles: Map<string, Collection<RoleAssignment>>;
  /** ThreatInsight: log only (audit), block, or off (none). */
  threatInsight: JsonObject;
  policies: Collection<Policy>;
  policyRules: Map<string, Collection<PolicyRule>>;
  catalog: Map<string, CatalogResource>;
  log: SystemLog;
}

export function collectionFor<T extends { id: string }>(state: OrgState, map: Map<string, Collection<T>>, key: string): Collection<T> {
  let collection = map.get(key);
  if (!collection) {
    collection = new Collection<T>(state.nextSeq);
    map.set(key, collection);
  }
  return collection;
}
