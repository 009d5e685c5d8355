// The large org (--sandbox-size large): 10,000 users and 100,000 System Log events, for reports at scale and the
// bench. Drawn from the seed like the default org, with spreads that give every report something to find: stale and
// never-used accounts, users without a strong factor, a password-spraying burst, brute force and lockouts.

import { DAY, HOUR, MINUTE, iso } from "../clock.js";
import { adminActor, userTarget } from "../audit.js";
import { collectionFor, type OktaUser, type OrgState, type UserStatus } from "../state.js";
import type { LogClient, LogEventInput } from "../system-log.js";
import { CITIES, DEPARTMENTS, EMAIL_DOMAIN, FIRST_NAMES, IP_PREFIXES, LAST_NAMES, USER_AGENTS } from "./people.js";
import { ADMIN_ROLES, employeeProfile, userDisplayName } from "./users.js";

export const LARGE_USERS = 10_000;
export const LARGE_LOG_EVENTS = 100_000;

/** Weighted picks: [value, weight] pairs. */
function weighted<T>(next: () => number, table: readonly (readonly [T, number])[]): T {
  const total = table.reduce((sum, [, w]) => sum + w, 0);
  let roll = next() * total;
  for (const [value, weight] of table) if ((roll -= weight) < 0) return value;
  return table[table.length - 1][0];
}

const STATUSES: [UserStatus, number][] = [
  ["ACTIVE", 82], ["STAGED", 3], ["PROVISIONED", 3], ["SUSPENDED", 3], ["LOCKED_OUT", 1], ["PASSWORD_EXPIRED", 3], ["RECOVERY", 1], ["DEPROVISIONED", 4],
];
const DEPARTMENT_WEIGHTS: [string, number][] = [["Engineering", 30], ["Sales", 20], ["Marketing", 10], ["Finance", 8], ["HR", 5], ["Support", 26], ["IT", 1]];

export function seedLargeUsers(state: OrgState, base: number): void {
  const { random } = state;
  const pairs = FIRST_NAMES.length * LAST_NAMES.length;
  for (let i = 0; i < LARGE_USERS; i++) {
    const isAdmin = i < ADMIN_ROLES.length;
    const firstName = FIRST_NAMES[i % FIRST_NAMES.length];
    const lastName = LAST_NAMES[Math.floor(i / FIRST_NAMES.length) % LAST_NAMES.length];
    const suffix = i >= pairs ? String(Math.floor(i / pairs)) : "";
    const login = `${firstName}.${lastName}${suffix}`.toLowerCase().replace(/[^a-z0-9.]/g, "") + `@${EMAIL_DOMAIN}`;
    const status: UserStatus = isAdmin ? "ACTIVE" : weighted(random.next, STATUSES);
    const department = isAdmin ? "IT" : weighted(random.next, DEPARTMENT_WEIGHTS);
    const place = random.pick(CITIES);
    const created = base - random.int(30, 1500) * DAY;
    const activated = status === "STAGED" ? null : created + HOUR;
    const hasPassword = status !== "STAGED" && status !== "PROVISIONED";
    // Last sign-in: most within a month, a tail of stale accounts, a few never used although they could be.
    const roll = random.next();
    const lastLogin = !hasPassword || roll < 0.03 ? null : Math.max(created + DAY, base - (roll < 0.7 ? random.int(1, 30 * 24 * 60) * MINUTE : roll < 0.85 ? random.int(31, 90) * DAY : roll < 0.95 ? random.int(91, 365) * DAY : random.int(366, 900) * DAY));
    const statusChanged = activated === null ? null : status === "ACTIVE" || status === "PROVISIONED" ? activated : base - random.int(1, 60 * 24) * HOUR;
    const contractor = !isAdmin && random.chance(0.15);
    const id = random.oktaId("00u");
    const title = isAdmin ? "IT Administrator" : random.pick(DEPARTMENTS[department]);
    const user: OktaUser = {
      id,
      status,
      created: iso(created),
      activated: activated === null ? null : iso(activated),
      statusChanged: statusChanged === null ? null : iso(statusChanged),
      lastLogin: lastLogin === null ? null : iso(lastLogin),
      lastUpdated: iso(Math.max(created, activated ?? 0, statusChanged ?? 0)),
      passwordChanged: hasPassword ? iso(created + 2 * HOUR) : null,
      type: { id: state.defaultUserTypeId },
      profile: employeeProfile({
        firstName,
        lastName,
        login,
        department,
        title,
        place,
        contractor,
        mobilePhone: `+1-555-${String(i).padStart(5, "0")}`,
        secondEmail: null,
        employeeNumber: String(100_000 + i),
        costCenter: `CC-${department.length * 10}`,
      }),
      credentials: { ...(hasPassword ? { password: {} } : {}), emails: [{ value: login, status: "VERIFIED", type: "PRIMARY" }], provider: { type: "OKTA", name: "OKTA" } },
    };
    state.users.put(user);
    state.userHasPassword.set(user.id, hasPassword);
    if (i === 0) state.adminUserId = user.id;
    if (isAdmin) {
      collectionFor(state, state.roles, user.id).put({ id: random.oktaId("ra1"), label: ADMIN_ROLES[i].label, type: ADMIN_ROLES[i].type, status: "ACTIVE", created: user.activated!, lastUpdated: user.activated!, assignmentType: "USER" });
    }
    if (hasPassword) seedFactors(state, user, created + 3 * HOUR, isAdmin);
  }
}

/** 6% no factor, 7% only weak ones (SMS, email), the rest Okta Verify with extras. Admins always have push. */
function seedFactors(state: OrgState, user: OktaUser, enrolledAt: number, isAdmin: boolean): void {
  const { random } = state;
  const roll = isAdmin ? 1 : random.next();
  if (roll < 0.06) return;
  const factors = collectionFor(state, state.factors, user.id);
  const at = iso(enrolledAt);
  const put = (prefix: string, factorType: string, provider: string, profile: Record<string, unknown>) =>
    factors.put({ id: random.oktaId(prefix), factorType, provider, vendorName: provider, status: "ACTIVE", created: at, lastUpdated: at, profile });
  if (roll < 0.13) {
    put("mbl", "sms", "OKTA", { phoneNumber: String(user.profile.mobilePhone) });
    if (random.chance(0.5)) put("emf", "email", "OKTA", { email: String(user.profile.login) });
    return;
  }
  put("opf", "push", "OKTA", { credentialId: String(user.profile.login), deviceType: "SmartPhone_IPhone", platform: "IOS" });
  if (random.chance(0.2)) put("fwf", "webauthn", "FIDO", { authenticatorName: "MacBook Touch ID" });
  if (random.chance(0.15)) put("ost", "token:software:totp", "GOOGLE", { credentialId: String(user.profile.login) });
  if (random.chance(0.3)) put("mbl", "sms", "OKTA", { phoneNumber: String(user.profile.mobilePhone) });
}

/** The attacker's address in the seeded spraying burst (an RFC 5737 documentation address). */
export const SPRAYING_IP = "198.51.100.66";

export function seedLargeLogs(state: OrgState, base: number): void {
  const { random } = state;
  const users = [...state.users.values()];
  const active = users.filter((u) => u.status === "ACTIVE");
  const admin = adminActor(state);
  const events: Omit<LogEventInput, "requestId" | "requestUri">[] = [];
  const homes = new Map<string, LogClient>();
  const clientOf = (user: OktaUser): LogClient => {
    let client = homes.get(user.id);
    if (!client) {
      const place = random.pick(CITIES);
      client = { ipAddress: random.pick(IP_PREFIXES) + random.int(2, 250), userAgent: random.pick(USER_AGENTS), city: place.city, state: place.state, country: place.country, postalCode: place.postalCode, lat: place.lat, lon: place.lon };
      homes.set(user.id, client);
    }
    return client;
  };
  const self = (user: OktaUser) => ({ id: user.id, type: "User", alternateId: String(user.profile.login), displayName: userDisplayName(user) });
  const signIn = (user: OktaUser, at: number, result: "SUCCESS" | "FAILURE", reason: string | null, client = clientOf(user)) =>
    events.push({ published: iso(at), eventType: "user.session.start", displayMessage: "User login to Okta", severity: result === "FAILURE" ? "WARN" : "INFO", outcome: { result, reason }, actor: self(user), targets: [], client });
  const attacker: LogClient = { ipAddress: SPRAYING_IP, userAgent: "python-requests/2.32", city: "Amsterdam", state: "North Holland", country: "Netherlands", postalCode: "1012", lat: 52.37, lon: 4.89 };

  // Why users are not simply ACTIVE (admin actions and lockouts), as in the default org.
  for (const user of users) {
    const at = user.statusChanged ? Date.parse(user.statusChanged) : Date.parse(user.created);
    if (at < base - 7 * DAY) continue;
    if (user.status === "SUSPENDED") events.push({ published: iso(at), eventType: "user.lifecycle.suspend", displayMessage: "Suspend Okta user", actor: admin, targets: [userTarget(user)], client: clientOf(state.users.get(admin.id)!) });
    if (user.status === "LOCKED_OUT") {
      for (let attempt = 3; attempt >= 1; attempt--) signIn(user, at - attempt * MINUTE, "FAILURE", "INVALID_CREDENTIALS");
      events.push({ published: iso(at), eventType: "user.account.lock", displayMessage: "Max sign in attempts exceeded", severity: "WARN", actor: self(user), targets: [], client: clientOf(user) });
    }
  }
  // Password spraying: one address tries 400 accounts within an hour, a day before "now".
  const sprayStart = base - 20 * HOUR;
  for (let i = 0; i < 400; i++) signIn(random.pick(active), sprayStart + random.int(0, 3600) * 1000, "FAILURE", "INVALID_CREDENTIALS", attacker);
  // Brute force: three accounts, 25 failures each from their own odd address.
  for (const victim of active.slice(50, 53)) {
    const ip: LogClient = { ...clientOf(victim), ipAddress: `203.0.113.${random.int(200, 250)}` };
    const start = base - random.int(2, 100) * HOUR;
    for (let k = 0; k < 25; k++) signIn(victim, start + k * 20_000, "FAILURE", "INVALID_CREDENTIALS", ip);
  }

  // Everyday traffic until the log holds LARGE_LOG_EVENTS events.
  while (events.length < LARGE_LOG_EVENTS) {
    const user = random.pick(active);
    const at = base - random.int(5, 7 * 24 * 60) * MINUTE;
    const roll = random.next();
    const client = clientOf(user);
    if (roll < 0.08) {
      signIn(user, at, "FAILURE", random.pick(["INVALID_CREDENTIALS", "INVALID_CREDENTIALS", "VERIFICATION_ERROR", "LOCKED_OUT"]));
      continue;
    }
    signIn(user, at, "SUCCESS", null);
    if (events.length >= LARGE_LOG_EVENTS) break;
    const denied = roll > 0.99;
    events.push({ published: iso(at + 20_000), eventType: denied ? "user.mfa.okta_verify.deny_push" : "user.authentication.auth_via_mfa", displayMessage: denied ? "User rejected Okta push verify" : "Authentication of user via MFA", severity: denied ? "WARN" : "INFO", outcome: denied ? { result: "FAILURE", reason: "User rejected Okta push verify" } : { result: "SUCCESS" }, actor: self(user), targets: [], client });
    if (!denied && roll < 0.5 && events.length < LARGE_LOG_EVENTS) {
      events.push({ published: iso(at + 45_000), eventType: "user.session.end", displayMessage: "User logout from Okta", outcome: { result: "SUCCESS" }, actor: self(user), targets: [], client });
    }
  }

  events.sort((a, b) => (a.published < b.published ? -1 : a.published > b.published ? 1 : 0));
  const last = iso(base - 1000);
  for (const event of events.slice(0, LARGE_LOG_EVENTS)) {
    state.log.record({ ...event, published: event.published < last ? event.published : last, requestId: random.oktaId("aAa") + random.oktaId("bBb").slice(3, 10), requestUri: "/idp/idx/identify" });
  }
}
