// What each policy and rule type stores: settings, conditions and actions are checked per type and completed with
// Okta's defaults, so a created policy reads back as Okta would return it. Limits follow the Admin Console
// (password length 4–30, history 0–30, maximum age 0–999 days, lockout 0–100 attempts).
import {
  checkBoolean,
  checkEnum,
  checkInteger,
  checkRequired,
  checkStringArray,
  Findings,
  isObject,
  objectAt,
  withDefaults,
} from "./field-checks.js";
import type { JsonObject, OrgState } from "./state.js";

export const AUTHENTICATOR_KEYS = [
  "okta_verify",
  "okta_email",
  "okta_password",
  "phone_number",
  "google_otp",
  "webauthn",
  "security_question",
  "security_key",
  "duo",
  "symantec_vip",
  "yubikey_token",
  "custom_app",
  "custom_otp",
  "external_idp",
  "onprem_mfa",
  "smart_card_idp",
] as const;

const PASSWORD_DEFAULTS: JsonObject = {
  password: {
    complexity: { minLength: 8, minLowerCase: 1, minUpperCase: 1, minNumber: 1, minSymbol: 1, excludeUsername: true, excludeAttributes: [], dictionary: { common: { exclude: false } } },
    age: { maxAgeDays: 0, expireWarnDays: 0, minAgeMinutes: 0, historyCount: 0 },
    lockout: { maxAttempts: 10, autoUnlockMinutes: 0, userLockoutNotificationChannels: [], showLockoutFailures: false },
  },
  recovery: { factors: { recovery_question: { status: "ACTIVE", properties: { complexity: { minLength: 4 } } }, okta_email: { status: "ACTIVE", properties: { recoveryToken: { tokenLifetimeMinutes: 60 } } }, okta_sms: { status: "INACTIVE" }, okta_call: { status: "INACTIVE" } } },
  delegation: { options: { skipUnlock: false } },
};

function passwordSettings(given: unknown, findings: Findings): JsonObject {
  const settings = withDefaults(PASSWORD_DEFAULTS, given);
  const password = objectAt(settings, "password", "settings.password", findings) ?? {};
  const complexity = objectAt(password, "complexity", "settings.password.complexity", findings) ?? {};
  checkInteger(complexity.minLength, "settings.password.complexity.minLength", 4, 30, findings);
  for (const key of ["minLowerCase", "minUpperCase", "minNumber", "minSymbol"]) checkInteger(complexity[key], `settings.password.complexity.${key}`, 0, 1, findings);
  checkBoolean(complexity.excludeUsername, "settings.password.complexity.excludeUsername", findings);
  checkStringArray(complexity.excludeAttributes, "settings.password.complexity.excludeAttributes", findings, (item, at) => checkEnum(item, at, ["firstName", "lastName"], findings));
  const age = objectAt(password, "age", "settings.password.age", findings) ?? {};
  checkInteger(age.maxAgeDays, "settings.password.age.maxAgeDays", 0, 999, findings);
  checkInteger(age.expireWarnDays, "settings.password.age.expireWarnDays", 0, 30, findings);
  checkInteger(age.minAgeMinutes, "settings.password.age.minAgeMinutes", 0, 9999, findings);
  checkInteger(age.historyCount, "settings.password.age.historyCount", 0, 30, findings);
  const lockout = objectAt(password, "lockout", "settings.password.lockout", findings) ?? {};
  checkInteger(lockout.maxAttempts, "settings.password.lockout.maxAttempts", 0, 100, findings);
  checkInteger(lockout.autoUnlockMinutes, "settings.password.lockout.autoUnlockMinutes", 0, 99999, findings);
  checkBoolean(lockout.showLockoutFailures, "settings.password.lockout.showLockoutFailures", findings);
  checkStringArray(lockout.userLockoutNotificationChannels, "settings.password.lockout.userLockoutNotificationChannels", findings, (item, at) => checkEnum(item, at, ["EMAIL"], findings));
  return settings;
}

function mfaEnrollSettings(given: unknown, findings: Findings): JsonObject {
  const settings = withDefaults({ type: "AUTHENTICATORS", authenticators: [] }, given);
  checkEnum(settings.type, "settings.type", ["AUTHENTICATORS", "FACTORS"], findings);
  const list = settings.authenticators;
  if (!Array.isArray(list)) {
    findings.add("settings.authenticators", "Must be a list of authenticators");
    return settings;
  }
  const seen = new Set<string>();
  list.forEach((entry, i) => {
    const at = `settings.authenticators[${i}]`;
    if (!isObject(entry)) return findings.add(at, "Must be an object");
    if (checkRequired(entry.key, `${at}.key`, findings)) checkEnum(entry.key, `${at}.key`, AUTHENTICATOR_KEYS, findings);
    if (typeof entry.key === "string") {
      if (seen.has(entry.key)) findings.add(`${at}.key`, `${entry.key} is listed twice`);
      seen.add(entry.key);
    }
    const enroll = objectAt(entry, "enroll", `${at}.enroll`, findings);
    if (checkRequired(enroll?.self, `${at}.enroll.self`, findings)) checkEnum(enroll?.self, `${at}.enroll.self`, ["REQUIRED", "OPTIONAL", "NOT_ALLOWED"], findings);
  });
  return settings;
}

function checkGroupIds(state: OrgState, value: unknown, path: string, findings: Findings): void {
  checkStringArray(value, path, findings, (id, at) => {
    if (!state.groups.get(id)) findings.add(at, `No group with id ${id} exists`);
  });
}

function checkZoneIds(state: OrgState, value: unknown, path: string, findings: Findings): void {
  const zones = state.catalog.get("zones")?.items;
  checkStringArray(value, path, findings, (id, at) => {
    if (!zones?.get(id)) findings.add(at, `No network zone with id ${id} exists`);
  });
}

/** people.groups and network conditions, shared by policies and rules. */
function checkConditions(state: OrgState, conditions: unknown, findings: Findings): void {
  if (conditions === undefined || conditions === null) return;
  if (!isObject(conditions)) return findings.add("conditions", "Must be an object");
  const people = objectAt(conditions, "people", "conditions.people", findings);
  const groups = people && objectAt(people, "groups", "conditions.people.groups", findings);
  if (groups) {
    checkGroupIds(state, groups.include, "conditions.people.groups.include", findings);
    checkGroupIds(state, groups.exclude, "conditions.people.groups.exclude", findings);
  }
  const network = objectAt(conditions, "network", "conditions.network", findings);
  if (network) {
    checkEnum(network.connection, "conditions.network.connection", ["ANYWHERE", "ZONE"], findings);
    checkZoneIds(state, network.include, "conditions.network.include", findings);
    checkZoneIds(state, network.exclude, "conditions.network.exclude", findings);
    const zones = [...((network.include as unknown[]) ?? []), ...((network.exclude as unknown[]) ?? [])];
    if (network.connection === "ZONE" && zones.length === 0) findings.add("conditions.network", "A ZONE connection names zones to include or exclude");
  }
}

/** The settings and conditions a policy of `type` stores; throws E0000001 with every finding. */
export function policyFields(state: OrgState, type: string, body: JsonObject): { settings?: JsonObject; conditions: JsonObject | null } {
  const findings = new Findings();
  checkConditions(state, body.conditions, findings);
  let settings: JsonObject | undefined;
  if (type === "PASSWORD") settings = passwordSettings(body.settings, findings);
  else if (type === "MFA_ENROLL") settings = mfaEnrollSettings(body.settings, findings);
  else if (isObject(body.settings)) settings = body.settings;
  else if (body.settings !== undefined && body.settings !== null) findings.add("settings", "Must be an object");
  findings.throwIfAny();
  const conditions = isObject(body.conditions) ? body.conditions : null;
  return { ...(settings ? { settings } : {}), conditions };
}

const ACCESS = ["ALLOW", "DENY"];
const REQUIREMENT = ["REQUIRED", "OPTIONAL"];

function signOnActions(actions: JsonObject, findings: Findings): JsonObject {
  const signon = withDefaults({ access: "ALLOW", requireFactor: false, primaryFactor: "PASSWORD_IDP_ANY_FACTOR", rememberDeviceByDefault: false, session: { usePersistentCookie: false, maxSessionIdleMinutes: 120, maxSessionLifetimeMinutes: 0 } }, actions.signon);
  checkEnum(signon.access, "actions.signon.access", ACCESS, findings);
  checkBoolean(signon.requireFactor, "actions.signon.requireFactor", findings);
  checkEnum(signon.primaryFactor, "actions.signon.primaryFactor", ["PASSWORD_IDP_ANY_FACTOR", "PASSWORD_IDP"], findings);
  if (signon.requireFactor === true) {
    if (checkRequired(signon.factorPromptMode, "actions.signon.factorPromptMode", findings)) checkEnum(signon.factorPromptMode, "actions.signon.factorPromptMode", ["ALWAYS", "DEVICE", "SESSION"], findings);
    if (signon.factorPromptMode === "SESSION") checkInteger(signon.factorLifetime ?? -1, "actions.signon.factorLifetime", 1, 1440 * 7, findings);
  }
  const session = objectAt(signon, "session", "actions.signon.session", findings) ?? {};
  checkInteger(session.maxSessionIdleMinutes, "actions.signon.session.maxSessionIdleMinutes", 1, 1440 * 90, findings);
  checkInteger(session.maxSessionLifetimeMinutes, "actions.signon.session.maxSessionLifetimeMinutes", 0, 1440 * 90, findings);
  checkBoolean(session.usePersistentCookie, "actions.signon.session.usePersistentCookie", findings);
  return { ...actions, signon };
}

function appSignOnActions(actions: JsonObject, findings: Findings): JsonObject {
  const appSignOn = objectAt(actions, "appSignOn", "actions.appSignOn", findings);
  if (!appSignOn) {
    findings.add("actions.appSignOn", "The field cannot be left blank");
    return actions;
  }
  if (checkRequired(appSignOn.access, "actions.appSignOn.access", findings)) checkEnum(appSignOn.access, "actions.appSignOn.access", ACCESS, findings);
  const method = objectAt(appSignOn, "verificationMethod", "actions.appSignOn.verificationMethod", findings);
  if (!method) return actions;
  checkEnum(method.type, "actions.appSignOn.verificationMethod.type", ["ASSURANCE", "AUTH_METHOD_CHAIN", "ID_PROOFING"], findings);
  if ((method.type ?? "ASSURANCE") !== "ASSURANCE") return actions;
  checkEnum(method.factorMode, "actions.appSignOn.verificationMethod.factorMode", ["1FA", "2FA"], findings);
  if (method.reauthenticateIn !== undefined && (typeof method.reauthenticateIn !== "string" || !/^P(T(\d+H)?(\d+M)?(\d+S)?|\d+D)$/.test(method.reauthenticateIn))) {
    findings.add("actions.appSignOn.verificationMethod.reauthenticateIn", "Must be an ISO 8601 duration such as PT2H");
  }
  const constraints = method.constraints;
  if (constraints !== undefined && !Array.isArray(constraints)) findings.add("actions.appSignOn.verificationMethod.constraints", "Must be a list");
  (Array.isArray(constraints) ? constraints : []).forEach((constraint, i) => {
    const at = `actions.appSignOn.verificationMethod.constraints[${i}]`;
    if (!isObject(constraint)) return findings.add(at, "Must be an object");
    for (const kind of Object.keys(constraint)) {
      if (kind !== "knowledge" && kind !== "possession") {
        findings.add(`${at}.${kind}`, "Must be knowledge or possession");
        continue;
      }
      const c = objectAt(constraint, kind, `${at}.${kind}`, findings) ?? {};
      for (const key of ["phishingResistant", "hardwareProtection", "deviceBound", "userPresence", "userVerification"]) checkEnum(c[key], `${at}.${kind}.${key}`, REQUIREMENT, findings);
      checkStringArray(c.types, `${at}.${kind}.types`, findings, (item, path) => checkEnum(item, path, ["password", "security_question", "phone", "email", "app", "security_key", "federated"], findings));
    }
  });
  return actions;
}

/** The conditions and actions a rule of `ruleType` stores; throws E0000001 with every finding. */
export function ruleFields(state: OrgState, ruleType: string, body: JsonObject): { conditions: JsonObject | null; actions: JsonObject } {
  const findings = new Findings();
  checkConditions(state, body.conditions, findings);
  let actions: JsonObject = isObject(body.actions) ? body.actions : {};
  if (body.actions !== undefined && body.actions !== null && !isObject(body.actions)) findings.add("actions", "Must be an object");
  if (ruleType === "SIGN_ON") actions = signOnActions(actions, findings);
  else if (ruleType === "ACCESS_POLICY") actions = appSignOnActions(actions, findings);
  else if (ruleType === "MFA_ENROLL") {
    const enroll = withDefaults({ self: "CHALLENGE" }, actions.enroll);
    checkEnum(enroll.self, "actions.enroll.self", ["CHALLENGE", "LOGIN", "NEVER"], findings);
    actions = { ...actions, enroll };
  } else if (ruleType === "PASSWORD") {
    for (const key of ["passwordChange", "selfServicePasswordReset", "selfServiceUnlock"]) {
      const action = objectAt(actions, key, `actions.${key}`, findings);
      if (action) checkEnum(action.access, `actions.${key}.access`, ACCESS, findings);
    }
  }
  findings.throwIfAny();
  return { conditions: isObject(body.conditions) ? body.conditions : null, actions };
}
