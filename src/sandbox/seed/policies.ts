// Seeded policies (sign-on, password, access, MFA enrollment, profile enrollment) and their rules.

import { DAY, iso } from "../clock.js";
import { collectionFor, type JsonObject, type OrgState } from "../state.js";

/** Policy type → the type its rules carry. */
export const RULE_TYPE_BY_POLICY_TYPE: Record<string, string> = {
  OKTA_SIGN_ON: "SIGN_ON",
  PASSWORD: "PASSWORD",
  ACCESS_POLICY: "ACCESS_POLICY",
  MFA_ENROLL: "MFA_ENROLL",
  PROFILE_ENROLLMENT: "PROFILE_ENROLLMENT",
  IDP_DISCOVERY: "IDP_DISCOVERY",
  POST_AUTH_SESSION: "POST_AUTH_SESSION",
  ENTITY_RISK: "ENTITY_RISK",
  DEVICE_SIGNAL_COLLECTION: "DEVICE_SIGNAL_COLLECTION",
};

interface RuleSeed {
  name: string;
  priority: number;
  system?: boolean;
  status?: "ACTIVE" | "INACTIVE";
  conditions: JsonObject | null;
  actions: JsonObject;
}

interface PolicySeed {
  type: string;
  name: string;
  description: string | null;
  priority: number;
  system: boolean;
  status?: "ACTIVE" | "INACTIVE";
  groups: string[];
  settings?: JsonObject;
  extraConditions?: JsonObject;
  rules: RuleSeed[];
}

const passwordSettings = (minLength: number, maxAgeDays: number): JsonObject => ({
  password: {
    complexity: { minLength, minLowerCase: 1, minUpperCase: 1, minNumber: 1, minSymbol: 0, excludeUsername: true, dictionary: { common: { exclude: true } }, excludeAttributes: [] },
    age: { maxAgeDays, expireWarnDays: maxAgeDays ? 7 : 0, minAgeMinutes: 0, historyCount: 4 },
    lockout: { maxAttempts: 10, autoUnlockMinutes: 0, userLockoutNotificationChannels: [], showLockoutFailures: false },
  },
  recovery: {
    factors: {
      recovery_question: { status: "ACTIVE", properties: { complexity: { minLength: 4 } } },
      okta_email: { status: "ACTIVE", properties: { recoveryToken: { tokenLifetimeMinutes: 60 } } },
      okta_sms: { status: "INACTIVE" },
      okta_call: { status: "INACTIVE" },
    },
  },
  delegation: { options: { skipUnlock: false } },
});

const passwordRule: RuleSeed = {
  name: "Default Rule",
  priority: 1,
  system: true,
  conditions: { people: { users: { exclude: [] } }, network: { connection: "ANYWHERE" } },
  actions: { passwordChange: { access: "ALLOW" }, selfServicePasswordReset: { access: "ALLOW", requirement: { primary: { methods: ["email"] }, stepUp: { required: false } } }, selfServiceUnlock: { access: "DENY" } },
};

const signOnActions = (requireFactor: boolean, idleMinutes: number): JsonObject => ({
  signon: {
    access: "ALLOW",
    requireFactor,
    ...(requireFactor ? { factorPromptMode: "ALWAYS", rememberDeviceByDefault: false } : {}),
    primaryFactor: "PASSWORD_IDP_ANY_FACTOR",
    session: { usePersistentCookie: false, maxSessionIdleMinutes: idleMinutes, maxSessionLifetimeMinutes: 0 },
  },
});

const accessActions = (factorMode: "1FA" | "2FA", reauthenticateIn: string): JsonObject => ({
  appSignOn: {
    access: "ALLOW",
    verificationMethod: { factorMode, type: "ASSURANCE", reauthenticateIn, constraints: factorMode === "2FA" ? [{ possession: { deviceBound: "REQUIRED" } }] : [] },
  },
});

const POLICIES: PolicySeed[] = [
  { type: "OKTA_SIGN_ON", name: "Admin Sign On", description: "Administrators must use MFA off the office network", priority: 1, system: false, groups: ["IT Admins"], rules: [
    { name: "Require MFA off-network", priority: 1, conditions: { people: { users: { exclude: [] } }, network: { connection: "ZONE", exclude: ["{{officeZone}}"] }, authContext: { authType: "ANY" } }, actions: signOnActions(true, 60) },
    { name: "Office network", priority: 2, conditions: { people: { users: { exclude: [] } }, network: { connection: "ZONE", include: ["{{officeZone}}"] }, authContext: { authType: "ANY" } }, actions: signOnActions(false, 120) },
  ] },
  { type: "OKTA_SIGN_ON", name: "Default Policy", description: "The default policy applies in all situations if no other policy applies.", priority: 2, system: true, groups: ["Everyone"], rules: [
    { name: "Default Rule", priority: 1, system: true, conditions: { people: { users: { exclude: [] } }, network: { connection: "ANYWHERE" }, authContext: { authType: "ANY" } }, actions: signOnActions(false, 120) },
  ] },
  { type: "PASSWORD", name: "Contractor Password Policy", description: "Stricter passwords for contractors", priority: 1, system: false, groups: ["Contractors"], settings: passwordSettings(12, 90), extraConditions: { authProvider: { provider: "OKTA" } }, rules: [{ ...passwordRule, system: false }] },
  { type: "PASSWORD", name: "Default Policy", description: "The default policy applies in all situations if no other policy applies.", priority: 2, system: true, groups: ["Everyone"], settings: passwordSettings(8, 0), extraConditions: { authProvider: { provider: "OKTA" } }, rules: [passwordRule] },
  { type: "ACCESS_POLICY", name: "Okta Admin Console", description: "Admin Console access", priority: 1, system: false, groups: [], rules: [
    { name: "Admin Console MFA", priority: 0, conditions: { people: { users: { exclude: [] } }, network: { connection: "ANYWHERE" }, riskScore: { level: "ANY" } }, actions: accessActions("2FA", "PT2H") },
    { name: "Catch-all Rule", priority: 99, system: true, conditions: null, actions: { appSignOn: { access: "DENY", verificationMethod: { factorMode: "2FA", type: "ASSURANCE", reauthenticateIn: "PT2H", constraints: [] } } } },
  ] },
  { type: "ACCESS_POLICY", name: "Any two factors", description: "Require two factors", priority: 2, system: false, groups: [], rules: [
    { name: "Catch-all Rule", priority: 99, system: true, conditions: null, actions: accessActions("2FA", "PT12H") },
  ] },
  { type: "ACCESS_POLICY", name: "Default Policy", description: "The default app sign-on policy", priority: 3, system: true, groups: [], rules: [
    { name: "Catch-all Rule", priority: 99, system: true, conditions: null, actions: accessActions("1FA", "PT12H") },
  ] },
  { type: "MFA_ENROLL", name: "Default Policy", description: "The default policy applies in all situations if no other policy applies.", priority: 1, system: true, groups: ["Everyone"], settings: {
    type: "AUTHENTICATORS",
    authenticators: [
      { key: "okta_verify", enroll: { self: "REQUIRED" } },
      { key: "okta_email", enroll: { self: "REQUIRED" } },
      { key: "phone_number", enroll: { self: "OPTIONAL" } },
      { key: "webauthn", enroll: { self: "OPTIONAL" } },
      { key: "google_otp", enroll: { self: "NOT_ALLOWED" } },
    ],
  }, rules: [{ name: "Default Rule", priority: 1, system: true, conditions: { people: { users: { exclude: [] } }, network: { connection: "ANYWHERE" } }, actions: { enroll: { self: "CHALLENGE" } } }] },
  { type: "PROFILE_ENROLLMENT", name: "Default Policy", description: null, priority: 1, system: true, groups: [], rules: [
    { name: "Catch-all Rule", priority: 99, system: true, conditions: null, actions: { profileEnrollment: { access: "ALLOW", preRegistrationInlineHooks: null, profileAttributes: [{ name: "email", label: "Email", required: true }], targetGroupIds: null, unknownUserAction: "DENY", activationRequirements: { emailVerification: true } } } },
  ] },
];

export function seedPolicies(state: OrgState, base: number, officeZoneId: string): void {
  const { random } = state;
  const groupIdByName = new Map([...state.groups.values()].map((g) => [g.profile.name, g.id]));
  for (const seed of POLICIES) {
    const at = iso(base - random.int(30, 600) * DAY);
    const id = random.oktaId("00p");
    state.policies.put({
      id,
      status: seed.status ?? "ACTIVE",
      name: seed.name,
      description: seed.description,
      priority: seed.priority,
      system: seed.system,
      conditions: seed.groups.length || seed.extraConditions
        ? { people: { groups: { include: seed.groups.map((g) => groupIdByName.get(g)!) } }, ...seed.extraConditions }
        : null,
      created: at,
      lastUpdated: at,
      type: seed.type,
      ...(seed.settings ? { settings: seed.settings } : {}),
    });
    for (const rule of seed.rules) {
      const conditions = rule.conditions ? JSON.parse(JSON.stringify(rule.conditions).replaceAll("{{officeZone}}", officeZoneId)) : null;
      collectionFor(state, state.policyRules, id).put({
        id: random.oktaId("0pr"),
        status: rule.status ?? "ACTIVE",
        name: rule.name,
        priority: rule.priority,
        created: at,
        lastUpdated: at,
        system: rule.system ?? false,
        conditions,
        actions: rule.actions,
        type: RULE_TYPE_BY_POLICY_TYPE[seed.type],
      });
    }
  }
}
