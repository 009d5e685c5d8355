// Seeded System Log history: a week of sign-ins, MFA, SSO and admin changes that match the seeded users' statuses.

import { DAY, HOUR, MINUTE, iso } from "../clock.js";
import { adminActor, appTarget, groupTarget, policyTarget, userTarget } from "../audit.js";
import type { OktaUser, OrgState } from "../state.js";
import type { LogEventInput, LogClient, LogTarget } from "../system-log.js";
import { CITIES, IP_PREFIXES, USER_AGENTS } from "./people.js";
import { userDisplayName } from "./users.js";

const TARGET_EVENTS = 60;

export function seedLogs(state: OrgState, base: number): void {
  const { random } = state;
  const users = [...state.users.values()];
  const active = users.filter((u) => u.status === "ACTIVE");
  const admin = adminActor(state);
  const apps = [...state.apps.values()].filter((a) => (a.status === "ACTIVE" && a.signOnMode !== "OPENID_CONNECT") || a.label === "Expense Tracker");
  const groups = [...state.groups.values()].filter((g) => g.type === "OKTA_GROUP");
  const policies = [...state.policies.values()];
  // Each user signs in from one home place and browser, which makes the log read like a real one.
  const homes = new Map(users.map((u) => [u.id, { place: random.pick(CITIES), agent: random.pick(USER_AGENTS), ip: random.pick(IP_PREFIXES) + random.int(2, 250) }]));
  const events: Array<Omit<LogEventInput, "requestId" | "requestUri">> = [];

  const clientOf = (user: OktaUser | undefined): LogClient => {
    const home = user ? homes.get(user.id)! : { place: CITIES[0], agent: USER_AGENTS[0], ip: "192.0.2.10" };
    return { ipAddress: home.ip, userAgent: home.agent, city: home.place.city, state: home.place.state, country: home.place.country, postalCode: home.place.postalCode, lat: home.place.lat, lon: home.place.lon };
  };
  const self = (user: OktaUser) => ({ id: user.id, type: "User", alternateId: String(user.profile.login), displayName: userDisplayName(user) });
  const byAdmin = (eventType: string, displayMessage: string, at: number, targets: LogTarget[], severity: "INFO" | "WARN" = "INFO") =>
    events.push({ published: iso(at), eventType, displayMessage, severity, actor: admin, targets, client: clientOf(state.users.get(admin.id)), transactionType: "WEB" });

  // Events explaining every user who is not simply ACTIVE.
  for (const user of users) {
    const changed = user.statusChanged ? Date.parse(user.statusChanged) : Date.parse(user.created);
    const target = [userTarget(user)];
    switch (user.status) {
      case "SUSPENDED":
        byAdmin("user.lifecycle.suspend", "Suspend Okta user", changed, target);
        break;
      case "DEPROVISIONED":
        byAdmin("user.lifecycle.deactivate", "Deactivate Okta user", changed, target);
        break;
      case "RECOVERY":
        byAdmin("user.account.reset_password", "Fired when the user's Okta password is reset", changed, target);
        break;
      case "PASSWORD_EXPIRED":
        byAdmin("user.account.expire_password", "Expire user password", changed, target);
        break;
      case "LOCKED_OUT":
        for (let attempt = 3; attempt >= 1; attempt--) {
          events.push({ published: iso(changed - attempt * MINUTE), eventType: "user.session.start", displayMessage: "User login to Okta", severity: "WARN", outcome: { result: "FAILURE", reason: "INVALID_CREDENTIALS" }, actor: self(user), targets: [], client: clientOf(user) });
        }
        events.push({ published: iso(changed), eventType: "user.account.lock", displayMessage: "Max sign in attempts exceeded", severity: "WARN", outcome: { result: "SUCCESS" }, actor: self(user), targets: [], client: clientOf(user) });
        break;
      case "STAGED":
      case "PROVISIONED":
        byAdmin("user.lifecycle.create", "Create okta user", Date.parse(user.created), target);
        if (user.activated) byAdmin("user.lifecycle.activate", "Activate Okta user", Date.parse(user.activated), target);
        break;
    }
  }
  // A few admin changes.
  for (let i = 0; i < 4; i++) {
    const group = random.pick(groups);
    const member = random.pick(active);
    byAdmin("group.user_membership.add", "Add user to group membership", base - random.int(1, 6 * 24) * HOUR, [userTarget(member), groupTarget(group)]);
  }
  for (let i = 0; i < 3; i++) {
    const app = random.pick(apps);
    const member = random.pick(active);
    byAdmin("application.user_membership.add", "Add user to application membership", base - random.int(1, 6 * 24) * HOUR, [{ id: random.oktaId("0ua"), type: "AppUser", alternateId: String(member.profile.login), displayName: userDisplayName(member) }, appTarget(app), userTarget(member)]);
  }
  byAdmin("policy.lifecycle.update", "Update policy", base - 3 * DAY, [policyTarget(policies[0])]);
  byAdmin("policy.lifecycle.update", "Update policy", base - 2 * DAY - 5 * HOUR, [policyTarget(random.pick(policies))]);

  // The last hour: someone mistypes a password twice, then signs in with MFA, so that a demo asking for
  // recent failed sign-ins (since=now-1h) finds them.
  {
    const user = random.pick(active);
    const actor = self(user);
    const client = clientOf(user);
    const at = base - random.int(20, 50) * MINUTE;
    for (const offset of [0, 40_000]) {
      events.push({ published: iso(at + offset), eventType: "user.session.start", displayMessage: "User login to Okta", severity: "WARN", outcome: { result: "FAILURE", reason: "INVALID_CREDENTIALS" }, actor, targets: [], client });
    }
    events.push({ published: iso(at + 90_000), eventType: "user.session.start", displayMessage: "User login to Okta", outcome: { result: "SUCCESS" }, actor, targets: [], client, authenticationContext: { credentialType: "PASSWORD", authenticationProvider: "OKTA_AUTHENTICATION_PROVIDER" } });
    events.push({ published: iso(at + 110_000), eventType: "user.authentication.auth_via_mfa", displayMessage: "Authentication of user via MFA", outcome: { result: "SUCCESS" }, actor, targets: [], client, authenticationContext: { authenticationProvider: "FACTOR_PROVIDER", credentialProvider: "OKTA_CREDENTIAL_PROVIDER", credentialType: "OTP" } });
  }

  // Fill the rest of the week with sign-ins, MFA, SSO and sign-outs.
  while (events.length < TARGET_EVENTS) {
    const user = random.pick(active);
    const at = base - random.int(5, 7 * 24 * 60) * MINUTE;
    const roll = random.next();
    const actor = self(user);
    const client = clientOf(user);
    if (roll < 0.12) {
      events.push({ published: iso(at), eventType: "user.session.start", displayMessage: "User login to Okta", severity: "WARN", outcome: { result: "FAILURE", reason: random.pick(["INVALID_CREDENTIALS", "VERIFICATION_ERROR"]) }, actor, targets: [], client });
      continue;
    }
    events.push({ published: iso(at), eventType: "user.session.start", displayMessage: "User login to Okta", outcome: { result: "SUCCESS" }, actor, targets: [], client, authenticationContext: { credentialType: "PASSWORD", authenticationProvider: "OKTA_AUTHENTICATION_PROVIDER" } });
    const mfaFails = roll > 0.95;
    events.push({ published: iso(at + 20_000), eventType: "user.authentication.auth_via_mfa", displayMessage: "Authentication of user via MFA", severity: mfaFails ? "WARN" : "INFO", outcome: mfaFails ? { result: "FAILURE", reason: "INVALID_CREDENTIALS" } : { result: "SUCCESS" }, actor, targets: [], client, authenticationContext: { authenticationProvider: "FACTOR_PROVIDER", credentialProvider: "OKTA_CREDENTIAL_PROVIDER", credentialType: "OTP" } });
    if (!mfaFails && roll < 0.6) {
      const app = random.pick(apps);
      events.push({ published: iso(at + 45_000), eventType: "user.authentication.sso", displayMessage: "User single sign on to app", outcome: { result: "SUCCESS" }, actor, targets: [appTarget(app)], client });
    }
    if (!mfaFails && roll > 0.8) {
      events.push({ published: iso(at + random.int(10, 300) * MINUTE), eventType: "user.session.end", displayMessage: "User logout from Okta", outcome: { result: "SUCCESS" }, actor, targets: [], client });
    }
  }

  events.sort((a, b) => (a.published < b.published ? -1 : a.published > b.published ? 1 : 0));
  for (const event of events) {
    const requestId = random.oktaId("aAa") + random.oktaId("bBb").slice(3, 10);
    state.log.record({ ...event, published: event.published < iso(base) ? event.published : iso(base - 1000), requestId, requestUri: "/idp/idx/identify" });
  }
}
