// Seeded groups (Everyone plus department and purpose groups) and group rules.

import { DAY, iso } from "../clock.js";
import type { OktaGroup, OktaUser, OrgState } from "../state.js";

interface GroupSeed {
  name: string;
  description: string;
  members: (user: OktaUser) => boolean;
}

const dept = (name: string) => (user: OktaUser) => user.profile.department === name;

const GROUPS: GroupSeed[] = [
  { name: "Engineering", description: "Product engineering and SRE", members: dept("Engineering") },
  { name: "Sales", description: "Sales and sales engineering", members: dept("Sales") },
  { name: "Marketing", description: "Marketing team", members: dept("Marketing") },
  { name: "Finance", description: "Finance and accounting", members: dept("Finance") },
  { name: "IT Admins", description: "Okta and IT administrators", members: dept("IT") },
  { name: "Support", description: "Customer support", members: dept("Support") },
  { name: "Contractors", description: "External contractors with limited access", members: (u) => u.profile.userType === "Contractor" },
  { name: "VPN Users", description: "Users allowed on the corporate VPN", members: (u) => ["Engineering", "IT", "Support"].includes(String(u.profile.department)) },
];

export function seedGroups(state: OrgState, base: number): void {
  const { random } = state;
  const orgCreated = iso(base - 1000 * DAY);
  const everyone: OktaGroup = {
    id: random.oktaId("00g"),
    created: orgCreated,
    lastUpdated: orgCreated,
    lastMembershipUpdated: iso(base - DAY),
    objectClass: ["okta:user_group"],
    type: "BUILT_IN",
    profile: { name: "Everyone", description: "All users in your organization" },
  };
  state.groups.put(everyone);
  state.everyoneGroupId = everyone.id;
  const users = [...state.users.values()];
  for (const seed of GROUPS) {
    const created = iso(base - random.int(400, 990) * DAY);
    const group: OktaGroup = {
      id: random.oktaId("00g"),
      created,
      lastUpdated: created,
      lastMembershipUpdated: iso(base - random.int(1, 30) * DAY),
      objectClass: ["okta:user_group"],
      type: "OKTA_GROUP",
      profile: { name: seed.name, description: seed.description },
    };
    state.groups.put(group);
    state.groupMembers.set(group.id, new Set(users.filter(seed.members).map((u) => u.id)));
  }

  const groupId = (name: string) => state.groups.find((g) => g.profile.name === name)!.id;
  const rules = [
    { name: "Engineering department", status: "ACTIVE" as const, expression: 'user.department=="Engineering"', group: "Engineering" },
    { name: "Contractors by user type", status: "INACTIVE" as const, expression: 'user.userType=="Contractor"', group: "Contractors" },
  ];
  for (const rule of rules) {
    const created = iso(base - random.int(100, 300) * DAY);
    state.groupRules.put({
      id: random.oktaId("0pr"),
      type: "group_rule",
      status: rule.status,
      name: rule.name,
      created,
      lastUpdated: created,
      conditions: {
        people: { users: { exclude: [] }, groups: { exclude: [] } },
        expression: { value: rule.expression, type: "urn:okta:expression:1.0" },
      },
      actions: { assignUserToGroups: { groupIds: [groupId(rule.group)] } },
    });
  }
}
