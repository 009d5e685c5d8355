// Seeded users in every lifecycle status, with factors and a few admin role assignments.

import { DAY, HOUR, MINUTE, iso } from "../clock.js";
import { collectionFor, type OktaUser, type OrgState, type UserStatus } from "../state.js";
import { CITIES, DEPARTMENTS, EMAIL_DOMAIN, FIRST_NAMES, LAST_NAMES, ORG_NAME } from "./people.js";

export const ADMIN_ROLES = [
  { type: "SUPER_ADMIN", label: "Super Administrator" },
  { type: "ORG_ADMIN", label: "Organization Administrator" },
  { type: "APP_ADMIN", label: "Application Administrator" },
  { type: "USER_ADMIN", label: "Group Administrator" },
  { type: "HELP_DESK_ADMIN", label: "Help Desk Administrator" },
  { type: "READ_ONLY_ADMIN", label: "Read Only Administrator" },
] as const;

/** Statuses other than ACTIVE, spread over the non-admin users by the seed. */
const OTHER_STATUSES: UserStatus[] = [
  "STAGED", "STAGED", "PROVISIONED", "PROVISIONED", "SUSPENDED", "SUSPENDED", "LOCKED_OUT", "LOCKED_OUT",
  "PASSWORD_EXPIRED", "RECOVERY", "DEPROVISIONED", "DEPROVISIONED",
];

export function userDisplayName(user: OktaUser): string {
  return `${String(user.profile.firstName ?? "")} ${String(user.profile.lastName ?? "")}`.trim();
}

/** The profile of a seeded employee or contractor: Okta's default user profile, every attribute present. */
export function employeeProfile(p: {
  firstName: string;
  lastName: string;
  login: string;
  department: string;
  title: string;
  place: (typeof CITIES)[number];
  contractor: boolean;
  mobilePhone: string;
  secondEmail: string | null;
  employeeNumber: string;
  costCenter: string;
}): OktaUser["profile"] {
  return {
    firstName: p.firstName,
    lastName: p.lastName,
    mobilePhone: p.mobilePhone,
    secondEmail: p.secondEmail,
    login: p.login,
    email: p.login,
    displayName: `${p.firstName} ${p.lastName}`,
    nickName: null,
    title: p.title,
    department: p.department,
    division: p.department === "Engineering" || p.department === "IT" ? "Technology" : "Business",
    organization: ORG_NAME,
    employeeNumber: p.contractor ? null : p.employeeNumber,
    userType: p.contractor ? "Contractor" : "Employee",
    costCenter: p.costCenter,
    city: p.place.city,
    state: p.place.state,
    countryCode: p.place.countryCode,
    timezone: p.place.timezone,
    locale: "en_US",
    preferredLanguage: "en",
    manager: null,
    managerId: null,
  };
}

export function seedUsers(state: OrgState, base: number): void {
  const { random } = state;
  const firstNames = shuffle([...FIRST_NAMES], random.next);
  const lastNames = shuffle([...LAST_NAMES], random.next);
  const count = firstNames.length;
  const statuses: UserStatus[] = Array.from({ length: count }, () => "ACTIVE" as UserStatus);
  const slots = shuffle(Array.from({ length: count - ADMIN_ROLES.length }, (_, i) => i + ADMIN_ROLES.length), random.next);
  OTHER_STATUSES.forEach((status, i) => (statuses[slots[i]] = status));
  const departments = Object.keys(DEPARTMENTS);

  for (let i = 0; i < count; i++) {
    const status = statuses[i];
    const isAdmin = i < ADMIN_ROLES.length;
    const department = isAdmin ? "IT" : departments[(i + random.int(0, 2)) % departments.length];
    const firstName = firstNames[i];
    const lastName = lastNames[i];
    const login = `${firstName}.${lastName}`.toLowerCase().replace(/[^a-z.]/g, "") + `@${EMAIL_DOMAIN}`;
    const place = random.pick(CITIES);
    const created = base - random.int(60, 900) * DAY - random.int(0, DAY / 1000) * 1000;
    const activated = status === "STAGED" ? null : created + HOUR;
    const hasPassword = status !== "STAGED" && status !== "PROVISIONED";
    const passwordChanged = hasPassword ? Math.min(created + random.int(0, 50) * DAY + 2 * HOUR, base - 2 * DAY) : null;
    const lastLogin = hasPassword ? base - random.int(10, 14 * 24 * 60) * MINUTE : null;
    const statusChanged =
      activated === null ? null : status === "ACTIVE" || status === "PROVISIONED" ? activated : base - random.int(1, 20) * HOUR;
    const lastUpdated = Math.max(created, activated ?? 0, statusChanged ?? 0, passwordChanged ?? 0);
    const contractor = !isAdmin && random.chance(0.15);
    // Drawn in this order (id, second email, title) so the seed stays the same org it always was.
    const id = random.oktaId("00u");
    const secondEmail = random.chance(0.3) ? `${firstName.toLowerCase()}@personal.example.net` : null;
    const title = isAdmin ? "IT Administrator" : random.pick(DEPARTMENTS[department]);
    const user: OktaUser = {
      id,
      status,
      created: iso(created),
      activated: activated === null ? null : iso(activated),
      statusChanged: statusChanged === null ? null : iso(statusChanged),
      lastLogin: lastLogin === null ? null : iso(lastLogin),
      lastUpdated: iso(lastUpdated),
      passwordChanged: passwordChanged === null ? null : iso(passwordChanged),
      type: { id: state.defaultUserTypeId },
      profile: employeeProfile({
        firstName,
        lastName,
        login,
        department,
        title,
        place,
        contractor,
        mobilePhone: `+1-555-01${String(i).padStart(2, "0")}`,
        secondEmail,
        employeeNumber: String(1000 + i),
        costCenter: `CC-${100 + departments.indexOf(department) * 10}`,
      }),
      credentials: {
        ...(hasPassword ? { password: {} } : {}),
        emails: [{ value: login, status: "VERIFIED", type: "PRIMARY" }],
        ...(hasPassword && random.chance(0.5) ? { recovery_question: { question: "What is the name of your first pet?" } } : {}),
        provider: { type: "OKTA", name: "OKTA" },
      },
    };
    state.users.put(user);
    state.userHasPassword.set(user.id, hasPassword);
    if (i === 0) state.adminUserId = user.id;
    if (isAdmin) {
      collectionFor(state, state.roles, user.id).put({
        id: random.oktaId("ra1"),
        label: ADMIN_ROLES[i].label,
        type: ADMIN_ROLES[i].type,
        status: "ACTIVE",
        created: user.activated ?? user.created,
        lastUpdated: user.activated ?? user.created,
        assignmentType: "USER",
      });
    }
    if (hasPassword) seedFactors(state, user, lastUpdated);
  }
  // Managers: each non-admin reports to one of the first admins, which gives `manager` something to search on.
  const users = [...state.users.values()];
  for (const user of users.slice(ADMIN_ROLES.length)) {
    const manager = users[random.int(0, 2)];
    user.profile.manager = manager.profile.displayName;
    user.profile.managerId = manager.id;
  }
}

function seedFactors(state: OrgState, user: OktaUser, enrolledAt: number): void {
  const { random } = state;
  const factors = collectionFor(state, state.factors, user.id);
  const login = String(user.profile.login);
  const at = iso(enrolledAt);
  const kinds = ["push", "token:software:totp", "sms", "email", "webauthn"].filter((_, i) => i === 0 || random.chance(0.35));
  for (const factorType of kinds) {
    const base = { factorType, status: "ACTIVE", created: at, lastUpdated: at };
    switch (factorType) {
      case "push":
        factors.put({ id: random.oktaId("opf"), ...base, provider: "OKTA", vendorName: "OKTA", profile: { credentialId: login, deviceType: "SmartPhone_IPhone", keys: [], name: `${String(user.profile.firstName)}'s iPhone`, platform: "IOS", version: "18.1" } });
        break;
      case "token:software:totp":
        factors.put({ id: random.oktaId("ost"), ...base, provider: "GOOGLE", vendorName: "GOOGLE", profile: { credentialId: login } });
        break;
      case "sms":
        factors.put({ id: random.oktaId("mbl"), ...base, provider: "OKTA", vendorName: "OKTA", profile: { phoneNumber: String(user.profile.mobilePhone) } });
        break;
      case "email":
        factors.put({ id: random.oktaId("emf"), ...base, provider: "OKTA", vendorName: "OKTA", profile: { email: login } });
        break;
      default:
        factors.put({ id: random.oktaId("fwf"), ...base, provider: "FIDO", vendorName: "FIDO", profile: { credentialId: random.hex(32), authenticatorName: "MacBook Touch ID" } });
    }
  }
}

/** Fisher-Yates with the seeded generator. */
export function shuffle<T>(items: T[], next: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}
