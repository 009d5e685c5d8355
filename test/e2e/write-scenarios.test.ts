// The write scenarios of issue 11, each through a real MCP client driving `okta-mcp-server --sandbox` over stdio,
// and each read back afterwards: policies with their settings and rules, OIDC/SAML/bookmark apps, a rename that keeps
// everything else (apps and groups), and a subtype field refused by the validator, naming its path.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureBuilt, startCli, text, type CliSession } from "../runtime/e2e-helpers.js";

type Structured = Record<string, any>;

describe("write scenarios through okta-mcp-server --sandbox", () => {
  let session: CliSession;

  beforeAll(async () => {
    ensureBuilt();
    // Policy and zone writes raise privilege: confirmed with the token fallback (the user said yes, as it were).
    session = await startCli({ args: ["--sandbox", "--toolsets", "groups,apps,policies,security", "--audit-log", "-", "--confirm-with-token"] });
  });
  afterAll(async () => session?.close());

  /** Calls a tool; a call that needs confirmation is refused with a token first, then made again with it. */
  async function call(name: string, args: Record<string, unknown>): Promise<{ structured: Structured; text: string; confirmation?: string }> {
    let result = await session.client.callTool({ name, arguments: args });
    let confirmation: string | undefined;
    const token = (result.structuredContent as Structured | undefined)?.error?.confirmationToken;
    if (result.isError && typeof token === "string") {
      confirmation = text(result);
      result = await session.client.callTool({ name, arguments: { ...args, confirmationToken: token } });
    }
    expect(result.isError, `${name}: ${text(result)}`).toBeFalsy();
    return { structured: (result.structuredContent ?? {}) as Structured, text: text(result), confirmation };
  }
  const read = async (name: string, args: Record<string, unknown>) => (await call(name, { ...args, fields: ["*"] })).structured;
  const groupId = async (name: string) => ((await call("list_groups", { q: name })).structured.items as Structured[]).find((g) => g.profile.name === name)!.id as string;

  it("1. a PASSWORD policy (length 12, max age 90 days, history 5, lockout after 5) for a group, plus a rule", async () => {
    const contractors = await groupId("Contractors");
    const policy = await call("create_policy", {
      type: "PASSWORD",
      name: "Contractors: strong passwords",
      conditions: { people: { groups: { include: [contractors] } } },
      settings: { password: { complexity: { minLength: 12 }, age: { maxAgeDays: 90, historyCount: 5 }, lockout: { maxAttempts: 5 } } },
    });
    const policyId = policy.structured.id;
    await call("create_policy_rule", {
      policyId,
      type: "PASSWORD",
      name: "Self-service reset by email",
      actions: { passwordChange: { access: "ALLOW" }, selfServicePasswordReset: { access: "ALLOW" }, selfServiceUnlock: { access: "DENY" } },
    });

    const stored = await read("get_policy", { policyId });
    expect(stored).toMatchObject({ type: "PASSWORD", status: "ACTIVE", conditions: { people: { groups: { include: [contractors] } } } });
    expect(stored.settings.password).toMatchObject({ complexity: { minLength: 12 }, age: { maxAgeDays: 90, historyCount: 5 }, lockout: { maxAttempts: 5 } });

    // Tightening it later: the person confirming sees the one field that changes, and nothing else moves.
    const tightened = await call("update_policy", { policyId, settings: { password: { complexity: { minLength: 14 } } } });
    expect(tightened.confirmation).toContain("Change settings.password.complexity.minLength: 12 → 14");
    expect(tightened.text).toContain("settings.password.complexity.minLength: 12 → 14");
    const after = await read("get_policy", { policyId });
    expect(after.settings.password).toMatchObject({ complexity: { minLength: 14 }, age: { maxAgeDays: 90, historyCount: 5 }, lockout: { maxAttempts: 5 } });
    expect(after.conditions).toEqual(stored.conditions);
    const rules = (await call("list_policy_rules", { policyId, fields: ["*"] })).structured.items as Structured[];
    expect(rules.find((r) => r.name === "Self-service reset by email")).toMatchObject({ type: "PASSWORD", actions: { passwordChange: { access: "ALLOW" }, selfServiceUnlock: { access: "DENY" } } });
  });

  it("2. an OKTA_SIGN_ON policy whose rule requires MFA at every sign-in outside a network zone", async () => {
    const zone = await call("create_network_zone", { type: "IP", name: "Head office", gateways: [{ type: "CIDR", value: "203.0.113.0/24" }] });
    const zoneId = zone.structured.id;
    expect((await read("get_network_zone", { zoneId })).gateways).toEqual([{ type: "CIDR", value: "203.0.113.0/24" }]);
    const everyone = await groupId("Everyone");
    const policy = await call("create_policy", { type: "OKTA_SIGN_ON", name: "MFA off-site", conditions: { people: { groups: { include: [everyone] } } } });
    const policyId = policy.structured.id;
    const rule = await call("create_policy_rule", {
      policyId,
      type: "SIGN_ON",
      name: "Outside the office: MFA every time",
      conditions: { network: { connection: "ZONE", exclude: [zoneId] } },
      actions: { signon: { access: "ALLOW", requireFactor: true, factorPromptMode: "ALWAYS" } },
    });
    const stored = await read("get_policy_rule", { policyId, ruleId: rule.structured.id });
    expect(stored).toMatchObject({
      type: "SIGN_ON",
      conditions: { network: { connection: "ZONE", exclude: [zoneId] } },
      actions: { signon: { access: "ALLOW", requireFactor: true, factorPromptMode: "ALWAYS", session: { maxSessionIdleMinutes: 120 } } },
    });
  });

  it("3. an MFA_ENROLL policy requiring Okta Verify and disallowing SMS", async () => {
    const authenticators = [
      { key: "okta_verify", enroll: { self: "REQUIRED" } },
      { key: "phone_number", enroll: { self: "NOT_ALLOWED" } },
    ];
    const policy = await call("create_policy", { type: "MFA_ENROLL", name: "Okta Verify only", settings: { type: "AUTHENTICATORS", authenticators } });
    const stored = await read("get_policy", { policyId: policy.structured.id });
    expect(stored).toMatchObject({ type: "MFA_ENROLL", settings: { type: "AUTHENTICATORS", authenticators } });
  });

  it("4. an ACCESS_POLICY rule requiring a phishing-resistant factor", async () => {
    const policies = (await call("list_policies", { type: "ACCESS_POLICY" })).structured.items as Structured[];
    const policyId = policies.find((p) => p.name === "Okta Admin Console")!.id;
    const appSignOn = { access: "ALLOW", verificationMethod: { type: "ASSURANCE", factorMode: "2FA", reauthenticateIn: "PT2H", constraints: [{ possession: { phishingResistant: "REQUIRED" } }] } };
    const rule = await call("create_policy_rule", { policyId, type: "ACCESS_POLICY", name: "Phishing-resistant only", actions: { appSignOn } });
    expect((await read("get_policy_rule", { policyId, ruleId: rule.structured.id })).actions.appSignOn).toEqual(appSignOn);
  });

  it("5. an OIDC web app with redirect URIs and grant types, renamed: redirect URIs, grant types and signing key unchanged", async () => {
    const oauthClient = { application_type: "web", redirect_uris: ["https://payroll.example.com/callback"], grant_types: ["authorization_code", "refresh_token"], response_types: ["code"] };
    const created = await call("create_application", {
      signOnMode: "OPENID_CONNECT",
      label: "Payroll",
      name: "oidc_client",
      settings: { oauthClient },
      credentials: { oauthClient: { token_endpoint_auth_method: "client_secret_basic" } },
    });
    const appId = created.structured.id;
    const before = await read("get_application", { appId });
    expect(before.settings.oauthClient).toMatchObject(oauthClient);

    const renamed = await call("update_application", { appId, label: "Payroll (EU)" });
    expect(renamed.text).toContain('Changed 1 field (before → after): label: "Payroll" → "Payroll (EU)".');

    const after = await read("get_application", { appId });
    expect(after.label).toBe("Payroll (EU)");
    expect(after.settings.oauthClient.redirect_uris).toEqual(before.settings.oauthClient.redirect_uris);
    expect(after.settings.oauthClient.grant_types).toEqual(before.settings.oauthClient.grant_types);
    expect(after.credentials.signing.kid).toBe(before.credentials.signing.kid);
    expect(after.credentials.oauthClient.client_id).toBe(appId);
  });

  it("6. a SAML 2.0 app with its ACS URL and audience", async () => {
    const signOn = {
      ssoAcsUrl: "https://crm.example.com/saml/acs",
      audience: "https://crm.example.com/saml/metadata",
      allowMultipleAcsEndpoints: false,
      assertionSigned: true,
      responseSigned: true,
      honorForceAuthn: true,
      requestCompressed: false,
    };
    const created = await call("create_application", { signOnMode: "SAML_2_0", label: "CRM", settings: { signOn } });
    const stored = await read("get_application", { appId: created.structured.id });
    expect(stored).toMatchObject({ signOnMode: "SAML_2_0", settings: { signOn: { ...signOn, recipient: signOn.ssoAcsUrl, destination: signOn.ssoAcsUrl } } });
  });

  it("7. a bookmark app with its URL", async () => {
    const created = await call("create_application", { signOnMode: "BOOKMARK", label: "Handbook", name: "bookmark", settings: { app: { url: "https://handbook.example.com" } } });
    const stored = await read("get_application", { appId: created.structured.id });
    expect(stored).toMatchObject({ signOnMode: "BOOKMARK", name: "bookmark", settings: { app: { url: "https://handbook.example.com" } } });
  });

  it("8. a group created with a name and description, renamed with its description kept", async () => {
    const created = await call("create_group", { profile: { name: "Auditors", description: "External auditors (read-only)" } });
    const groupIdValue = created.structured.id;
    const renamed = await call("update_group", { groupId: groupIdValue, profile: { name: "Auditors 2026" } });
    expect(renamed.text).toContain('profile.name: "Auditors" → "Auditors 2026"');
    expect(await read("get_group", { groupId: groupIdValue })).toMatchObject({ profile: { name: "Auditors 2026", description: "External auditors (read-only)" } });
  });

  it("a subtype's field is checked against the type picked, the path named, and nothing is sent", async () => {
    const wrongType = await session.client.callTool({ name: "create_policy", arguments: { type: "PASSWORD", name: "Bad", settings: { password: { complexity: { minLength: "twelve" } } } } });
    expect(wrongType.isError).toBe(true);
    expect(text(wrongType)).toMatch(/settings\.password\.complexity\.minLength: Invalid input: expected number/);
    const otherType = await session.client.callTool({ name: "create_policy", arguments: { type: "OKTA_SIGN_ON", name: "Bad", settings: {} } });
    expect(text(otherType)).toMatch(/settings: not a field when type is OKTA_SIGN_ON/);
    const policies = (await call("list_policies", { type: "PASSWORD" })).structured.items as Structured[];
    expect(policies.some((p) => p.name === "Bad")).toBe(false);
    // A field the sandbox org refuses (Okta's E0000001 and its cause) reaches the model as such.
    const shortArgs = { type: "PASSWORD", name: "Short", settings: { password: { complexity: { minLength: 3 } } } };
    const asked = await session.client.callTool({ name: "create_policy", arguments: shortArgs });
    const token = (asked.structuredContent as Structured).error.confirmationToken as string;
    const tooShort = await session.client.callTool({ name: "create_policy", arguments: { ...shortArgs, confirmationToken: token } });
    expect(tooShort.isError).toBe(true);
    expect(text(tooShort)).toMatch(/E0000001/);
    expect(text(tooShort)).toMatch(/settings\.password\.complexity\.minLength: Must be between 4 and 30/);
  });
});
