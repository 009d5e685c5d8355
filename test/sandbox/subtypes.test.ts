// The sandbox stores and returns the type-specific parts of policies, rules and apps as Okta does (with Okta's
// defaults filled in), and refuses invalid ones with E0000001 and one errorCause per problem.
import { describe, expect, it } from "vitest";
import { newClient } from "./helpers.js";

const causes = (body: { errorCauses?: { errorSummary: string }[] }) => (body.errorCauses ?? []).map((c) => c.errorSummary);

describe("sandbox policy subtypes", () => {
  it("a PASSWORD policy keeps complexity, age and lockout, with Okta's defaults for the rest", async () => {
    const c = newClient();
    const created = await c.json("POST", "/api/v1/policies", {
      type: "PASSWORD",
      name: "Twelve",
      settings: { password: { complexity: { minLength: 12 }, age: { maxAgeDays: 90, historyCount: 5 }, lockout: { maxAttempts: 5 } } },
    });
    expect(created.status).toBe(200);
    const read = await c.json("GET", `/api/v1/policies/${created.body.id}`);
    expect(read.body.settings.password).toEqual({
      complexity: { minLength: 12, minLowerCase: 1, minUpperCase: 1, minNumber: 1, minSymbol: 1, excludeUsername: true, excludeAttributes: [], dictionary: { common: { exclude: false } } },
      age: { maxAgeDays: 90, expireWarnDays: 0, minAgeMinutes: 0, historyCount: 5 },
      lockout: { maxAttempts: 5, autoUnlockMinutes: 0, userLockoutNotificationChannels: [], showLockoutFailures: false },
    });
    expect(read.body.settings.recovery.factors.okta_email.status).toBe("ACTIVE");
  });

  it("refuses invalid password settings with every cause, and changes nothing", async () => {
    const c = newClient();
    const before = (await c.json("GET", "/api/v1/policies?type=PASSWORD")).body.length;
    const refused = await c.json("POST", "/api/v1/policies", {
      type: "PASSWORD",
      name: "Bad",
      settings: { password: { complexity: { minLength: 3, minSymbol: 2 }, age: { historyCount: "five" } } },
    });
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ errorCode: "E0000001", errorSummary: "Api validation failed: settings.password.complexity.minLength" });
    expect(causes(refused.body)).toEqual([
      "settings.password.complexity.minLength: Must be between 4 and 30",
      "settings.password.complexity.minSymbol: Must be between 0 and 1",
      "settings.password.age.historyCount: Must be an integer",
    ]);
    expect((await c.json("GET", "/api/v1/policies?type=PASSWORD")).body.length).toBe(before);
  });

  it("MFA_ENROLL keeps its authenticators; unknown keys and enroll values are refused; groups must exist", async () => {
    const c = newClient();
    const everyone = (await c.json("GET", "/api/v1/groups?q=Everyone")).body[0].id;
    const settings = { type: "AUTHENTICATORS", authenticators: [{ key: "okta_verify", enroll: { self: "REQUIRED" } }, { key: "phone_number", enroll: { self: "NOT_ALLOWED" } }] };
    const created = await c.json("POST", "/api/v1/policies", { type: "MFA_ENROLL", name: "Verify", settings, conditions: { people: { groups: { include: [everyone] } } } });
    expect(created.status).toBe(200);
    expect((await c.json("GET", `/api/v1/policies/${created.body.id}`)).body).toMatchObject({ settings, conditions: { people: { groups: { include: [everyone] } } } });
    const refused = await c.json("POST", "/api/v1/policies", {
      type: "MFA_ENROLL",
      name: "Wrong",
      settings: { authenticators: [{ key: "sms", enroll: { self: "SOMETIMES" } }] },
      conditions: { people: { groups: { include: ["00gNOPE"] } } },
    });
    expect(refused.body.errorCode).toBe("E0000001");
    expect(causes(refused.body)).toEqual([
      "conditions.people.groups.include[0]: No group with id 00gNOPE exists",
      expect.stringMatching(/^settings\.authenticators\[0\]\.key: Must be one of okta_verify, /),
      "settings.authenticators[0].enroll.self: Must be one of REQUIRED, OPTIONAL, NOT_ALLOWED",
    ]);
  });

  it("a sign-on rule keeps actions.signon with its session defaults; MFA without a prompt mode or an unknown zone is refused", async () => {
    const c = newClient();
    const policy = (await c.json("GET", "/api/v1/policies?type=OKTA_SIGN_ON")).body[0];
    const zone = (await c.json("GET", "/api/v1/zones")).body[0].id;
    const rule = await c.json("POST", `/api/v1/policies/${policy.id}/rules`, {
      name: "MFA off-site",
      conditions: { network: { connection: "ZONE", exclude: [zone] } },
      actions: { signon: { access: "ALLOW", requireFactor: true, factorPromptMode: "ALWAYS" } },
    });
    expect(rule.status).toBe(200);
    expect((await c.json("GET", `/api/v1/policies/${policy.id}/rules/${rule.body.id}`)).body).toMatchObject({
      type: "SIGN_ON",
      conditions: { network: { connection: "ZONE", exclude: [zone] } },
      actions: { signon: { access: "ALLOW", requireFactor: true, factorPromptMode: "ALWAYS", primaryFactor: "PASSWORD_IDP_ANY_FACTOR", session: { maxSessionIdleMinutes: 120, maxSessionLifetimeMinutes: 0, usePersistentCookie: false } } },
    });
    const refused = await c.json("POST", `/api/v1/policies/${policy.id}/rules`, {
      name: "Broken",
      conditions: { network: { connection: "ZONE", include: ["nzoNOPE"] } },
      actions: { signon: { access: "MAYBE", requireFactor: true } },
    });
    expect(causes(refused.body)).toEqual([
      "conditions.network.include[0]: No network zone with id nzoNOPE exists",
      "actions.signon.access: Must be one of ALLOW, DENY",
      "actions.signon.factorPromptMode: The field cannot be left blank",
    ]);
  });

  it("an access-policy rule keeps its verification method constraints; a bad requirement is refused", async () => {
    const c = newClient();
    const policy = (await c.json("GET", "/api/v1/policies?type=ACCESS_POLICY")).body[0];
    const appSignOn = { access: "ALLOW", verificationMethod: { type: "ASSURANCE", factorMode: "2FA", reauthenticateIn: "PT4H", constraints: [{ possession: { phishingResistant: "REQUIRED" } }] } };
    const rule = await c.json("POST", `/api/v1/policies/${policy.id}/rules`, { name: "Phishing-resistant", actions: { appSignOn } });
    expect((await c.json("GET", `/api/v1/policies/${policy.id}/rules/${rule.body.id}`)).body.actions.appSignOn).toEqual(appSignOn);
    const refused = await c.json("POST", `/api/v1/policies/${policy.id}/rules`, {
      name: "Weak",
      actions: { appSignOn: { access: "ALLOW", verificationMethod: { type: "ASSURANCE", factorMode: "3FA", reauthenticateIn: "2 hours", constraints: [{ possession: { phishingResistant: "YES" } }] } } },
    });
    expect(causes(refused.body)).toEqual([
      "actions.appSignOn.verificationMethod.factorMode: Must be one of 1FA, 2FA",
      "actions.appSignOn.verificationMethod.reauthenticateIn: Must be an ISO 8601 duration such as PT2H",
      "actions.appSignOn.verificationMethod.constraints[0].possession.phishingResistant: Must be one of REQUIRED, OPTIONAL",
    ]);
  });
});

describe("sandbox app subtypes", () => {
  const oidc = {
    label: "Portal",
    signOnMode: "OPENID_CONNECT",
    settings: { oauthClient: { application_type: "web", redirect_uris: ["https://portal.example.com/cb"], grant_types: ["authorization_code", "refresh_token"] } },
  };

  it("an OIDC app keeps settings.oauthClient and gets credentials.oauthClient (client id, secret, auth method); a replace keeps the signing key", async () => {
    const c = newClient();
    const created = await c.json("POST", "/api/v1/apps", oidc);
    expect(created.status).toBe(200);
    const app = (await c.json("GET", `/api/v1/apps/${created.body.id}`)).body;
    expect(app).toMatchObject({
      name: "oidc_client",
      settings: { oauthClient: { application_type: "web", redirect_uris: ["https://portal.example.com/cb"], grant_types: ["authorization_code", "refresh_token"], response_types: ["code"], consent_method: "REQUIRED" } },
      credentials: { oauthClient: { client_id: app.id, token_endpoint_auth_method: "client_secret_basic", autoKeyRotation: true, client_secret: expect.stringMatching(/^[0-9a-f]{40}$/) }, signing: { kid: expect.any(String) } },
    });
    const replaced = await c.json("PUT", `/api/v1/apps/${app.id}`, { ...oidc, label: "Portal 2", credentials: { oauthClient: { token_endpoint_auth_method: "client_secret_post" } } });
    expect(replaced.body).toMatchObject({ label: "Portal 2", credentials: { signing: { kid: app.credentials.signing.kid }, oauthClient: { client_secret: app.credentials.oauthClient.client_secret, token_endpoint_auth_method: "client_secret_post" } } });
    // A replacement without settings is a replacement without an OAuth client: refused, as Okta does.
    const wiped = await c.json("PUT", `/api/v1/apps/${app.id}`, { label: "Portal 3", signOnMode: "OPENID_CONNECT" });
    expect(wiped.body.errorCode).toBe("E0000001");
    expect(causes(wiped.body)).toContain("settings.oauthClient: The field cannot be left blank");
  });

  it("refuses an OIDC client without redirect URIs for the code grant, with a wrong name or grant", async () => {
    const c = newClient();
    const refused = await c.json("POST", "/api/v1/apps", { label: "X", signOnMode: "OPENID_CONNECT", name: "my_app", settings: { oauthClient: { application_type: "web", grant_types: ["authorization_code", "magic"] } } });
    expect(causes(refused.body)).toEqual([
      "name: The name of a OPENID_CONNECT app is oidc_client",
      "settings.oauthClient.grant_types[1]: Must be one of " + "authorization_code, implicit, password, refresh_token, client_credentials, urn:ietf:params:oauth:grant-type:device_code, urn:ietf:params:oauth:grant-type:token-exchange, urn:ietf:params:oauth:grant-type:saml2-bearer, urn:ietf:params:oauth:grant-type:jwt-bearer, interaction_code",
      "settings.oauthClient.redirect_uris: The authorization_code and implicit grants need at least one redirect URI",
    ]);
  });

  it("a SAML 2.0 app keeps settings.signOn with recipient and destination defaulting to the ACS URL; the audience is required", async () => {
    const c = newClient();
    const created = await c.json("POST", "/api/v1/apps", { label: "Wiki 2", signOnMode: "SAML_2_0", settings: { signOn: { ssoAcsUrl: "https://wiki2.example.com/acs", audience: "https://wiki2.example.com" } } });
    expect(created.body.settings.signOn).toMatchObject({ ssoAcsUrl: "https://wiki2.example.com/acs", audience: "https://wiki2.example.com", recipient: "https://wiki2.example.com/acs", destination: "https://wiki2.example.com/acs", signatureAlgorithm: "RSA_SHA256" });
    expect(created.body.name).toBe("acmesandbox_wiki2_1");
    const refused = await c.json("POST", "/api/v1/apps", { label: "Wiki 3", signOnMode: "SAML_2_0", settings: { signOn: { ssoAcsUrl: "not a url" } } });
    expect(causes(refused.body)).toEqual(["settings.signOn.ssoAcsUrl: Must be an absolute URL (https://...)", "settings.signOn.audience: The field cannot be left blank"]);
  });

  it("a bookmark app keeps settings.app.url and needs one", async () => {
    const c = newClient();
    const created = await c.json("POST", "/api/v1/apps", { label: "Docs", signOnMode: "BOOKMARK", settings: { app: { url: "https://docs.example.com" } } });
    expect((await c.json("GET", `/api/v1/apps/${created.body.id}`)).body).toMatchObject({ name: "bookmark", settings: { app: { url: "https://docs.example.com", requestIntegration: false } } });
    const refused = await c.json("POST", "/api/v1/apps", { label: "Docs 2", signOnMode: "BOOKMARK" });
    expect(refused.body).toMatchObject({ errorCode: "E0000001", errorSummary: "Api validation failed: settings.app.url" });
  });
});
