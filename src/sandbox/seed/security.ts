// Seeded security settings: an admin role held through a group, and ThreatInsight in log-only mode.

import { DAY, iso } from "../clock.js";
import { collectionFor, type OrgState } from "../state.js";

export function seedSecuritySettings(state: OrgState, base: number): void {
  const itAdmins = state.groups.find((g) => g.profile.name === "IT Admins");
  if (itAdmins) {
    const at = iso(base - 200 * DAY);
    collectionFor(state, state.groupRoles, itAdmins.id).put({
      id: state.random.oktaId("ra1"),
      label: "Read Only Administrator",
      type: "READ_ONLY_ADMIN",
      status: "ACTIVE",
      created: at,
      lastUpdated: at,
      assignmentType: "GROUP",
    });
  }
  state.threatInsight = { action: "audit", excludeZones: [], created: iso(base - 400 * DAY), lastUpdated: iso(base - 30 * DAY) };
}
