// Builds a fresh org state from a seed. Order matters: later parts refer to users and groups made earlier.

import { createOrgClock } from "../clock.js";
import { Collection } from "../collection.js";
import { createRandom } from "../random.js";
import type { OrgState } from "../state.js";
import { SystemLog } from "../system-log.js";
import { seedApps } from "./apps.js";
import { seedCatalog } from "./catalog.js";
import { seedGroups } from "./groups.js";
import { seedLargeLogs, seedLargeUsers } from "./large.js";
import { seedLogs } from "./logs.js";
import { seedPolicies } from "./policies.js";
import { seedSecuritySettings } from "./security.js";
import { seedUsers } from "./users.js";

export type OrgSize = "default" | "large";

/** @param orgTime the org time from the wall clock (see createOrgClock); frozen at `baseTime` when omitted. */
export function createOrgState(seed: number, baseTime: number, size: OrgSize = "default", orgTime?: () => number): OrgState {
  const random = createRandom(seed);
  let seq = 0;
  const nextSeq = () => ++seq;
  const state: OrgState = {
    random,
    clock: createOrgClock(baseTime, orgTime),
    nextSeq,
    adminUserId: "",
    defaultUserTypeId: random.oktaId("oty"),
    users: new Collection(nextSeq),
    userHasPassword: new Map(),
    groups: new Collection(nextSeq),
    everyoneGroupId: "",
    groupMembers: new Map(),
    groupRules: new Collection(nextSeq),
    apps: new Collection(nextSeq),
    appUsers: new Map(),
    appGroups: new Map(),
    factors: new Map(),
    roles: new Map(),
    groupRoles: new Map(),
    threatInsight: {},
    policies: new Collection(nextSeq),
    policyRules: new Map(),
    catalog: new Map(),
    log: new SystemLog(random),
  };
  if (size === "large") seedLargeUsers(state, baseTime);
  else seedUsers(state, baseTime);
  seedGroups(state, baseTime);
  seedApps(state, baseTime);
  const officeZoneId = seedCatalog(state, baseTime);
  seedPolicies(state, baseTime, officeZoneId);
  if (size === "large") seedLargeLogs(state, baseTime);
  else seedLogs(state, baseTime);
  seedSecuritySettings(state, baseTime);
  return state;
}
