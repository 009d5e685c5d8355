// Seeded applications (OIDC, SAML, bookmark) with user and group assignments.

import { DAY, iso } from "../clock.js";
import { collectionFor, type AppUser, type JsonObject, type OktaApp, type OktaUser, type OrgState } from "../state.js";

interface AppSeed {
  label: string;
  name: string;
  signOnMode: string;
  status: "ACTIVE" | "INACTIVE";
  settings: (id: string) => JsonObject;
  groups: string[];
  directUsers: (user: OktaUser) => boolean;
}

const samlSettings = (slug: string) => (): JsonObject => ({
  app: {},
  notifications: { vpn: { network: { connection: "DISABLED" }, message: null, helpUrl: null } },
  manualProvisioning: false,
  implicitAssignment: false,
  signOn: {
    defaultRelayState: "",
    ssoAcsUrl: `https://${slug}.example.com/saml/acs`,
    idpIssuer: "http://www.okta.com/${org.externalKey}",
    audience: `https://${slug}.example.com/saml/metadata`,
    recipient: `https://${slug}.example.com/saml/acs`,
    destination: `https://${slug}.example.com/saml/acs`,
    subjectNameIdTemplate: "${user.userName}",
    subjectNameIdFormat: "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
    responseSigned: true,
    assertionSigned: true,
    signatureAlgorithm: "RSA_SHA256",
    digestAlgorithm: "SHA256",
    honorForceAuthn: true,
    authnContextClassRef: "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport",
    attributeStatements: [{ type: "EXPRESSION", name: "email", namespace: "urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified", values: ["user.email"] }],
  },
});

const oidcSettings = (slug: string, grantTypes: string[], applicationType: string) => (): JsonObject => ({
  app: {},
  notifications: { vpn: { network: { connection: "DISABLED" }, message: null, helpUrl: null } },
  manualProvisioning: false,
  implicitAssignment: false,
  oauthClient: {
    client_uri: applicationType === "service" ? null : `https://${slug}.example.com`,
    logo_uri: null,
    redirect_uris: applicationType === "service" ? [] : [`https://${slug}.example.com/callback`],
    post_logout_redirect_uris: [],
    response_types: applicationType === "service" ? ["token"] : ["code"],
    grant_types: grantTypes,
    application_type: applicationType,
    consent_method: "REQUIRED",
    issuer_mode: "DYNAMIC",
  },
});

const APPS: AppSeed[] = [
  { label: "Expense Tracker", name: "oidc_client", signOnMode: "OPENID_CONNECT", status: "ACTIVE", settings: oidcSettings("expenses", ["authorization_code", "refresh_token"], "web"), groups: ["Finance"], directUsers: (u) => u.profile.title === "Engineering Manager" || u.profile.title === "Sales Manager" },
  { label: "Engineering Wiki", name: "acmesandbox_engineeringwiki_1", signOnMode: "SAML_2_0", status: "ACTIVE", settings: samlSettings("wiki"), groups: ["Engineering", "IT Admins"], directUsers: () => false },
  { label: "HR Portal", name: "acmesandbox_hrportal_1", signOnMode: "SAML_2_0", status: "ACTIVE", settings: samlSettings("hr"), groups: [], directUsers: (u) => u.profile.department === "HR" },
  { label: "Status Page", name: "bookmark", signOnMode: "BOOKMARK", status: "ACTIVE", settings: () => ({ app: { requestIntegration: false, url: "https://status.example.com" } }), groups: ["Everyone"], directUsers: () => false },
  { label: "Legacy Sales CRM", name: "acmesandbox_legacycrm_1", signOnMode: "SAML_2_0", status: "INACTIVE", settings: samlSettings("crm"), groups: ["Sales"], directUsers: () => false },
  { label: "Provisioning Service", name: "oidc_client", signOnMode: "OPENID_CONNECT", status: "ACTIVE", settings: oidcSettings("provisioning", ["client_credentials"], "service"), groups: [], directUsers: () => false },
];

export function newAppShape(id: string, label: string, name: string, signOnMode: string, status: "ACTIVE" | "INACTIVE", at: string, settings: JsonObject, kid: string): OktaApp {
  return {
    id,
    name,
    label,
    status,
    lastUpdated: at,
    created: at,
    accessibility: { selfService: false, errorRedirectUrl: null, loginRedirectUrl: null },
    visibility: { autoSubmitToolbar: false, hide: { iOS: false, web: false }, appLinks: { [name]: true } },
    features: [],
    signOnMode,
    credentials: {
      userNameTemplate: { template: "${source.login}", type: "BUILT_IN" },
      signing: { kid },
      ...(signOnMode === "OPENID_CONNECT" ? { oauthClient: { autoKeyRotation: true, client_id: id, token_endpoint_auth_method: "client_secret_basic" } } : {}),
    },
    settings,
    profile: {},
  };
}

/**
 * The OAuth service app this server signs in as (private_key_jwt, client credentials). Okta names the client app
 * as the actor of every change made with its access tokens; fixed id, and no random draws, so the rest of the
 * seeded org is unchanged by it.
 */
export const SANDBOX_CLIENT_APP = { id: "0oamcpserversandbox1", label: "okta-mcp-server" } as const;

function seedClientApp(state: OrgState, base: number): void {
  const { id, label } = SANDBOX_CLIENT_APP;
  const at = iso(base - 30 * DAY);
  const app = newAppShape(id, label, "oidc_client", "OPENID_CONNECT", "ACTIVE", at, oidcSettings("mcp", ["client_credentials"], "service")(), "mcpserversandboxsigningkey");
  (app.credentials as JsonObject).oauthClient = { autoKeyRotation: true, client_id: id, token_endpoint_auth_method: "private_key_jwt" };
  state.apps.put(app);
}

export function seedApps(state: OrgState, base: number): void {
  const { random } = state;
  const groupIdByName = new Map([...state.groups.values()].map((g) => [g.profile.name, g.id]));
  const users = [...state.users.values()].filter((u) => u.status !== "DEPROVISIONED" && u.status !== "STAGED");
  for (const seed of APPS) {
    const id = random.oktaId("0oa");
    const at = iso(base - random.int(200, 800) * DAY);
    state.apps.put(newAppShape(id, seed.label, seed.name, seed.signOnMode, seed.status, at, seed.settings(id), random.hex(40)));
    seed.groups.forEach((name, index) => {
      collectionFor(state, state.appGroups, id).put({ id: groupIdByName.get(name)!, lastUpdated: at, priority: index, profile: {} });
    });
    for (const user of users.filter(seed.directUsers)) {
      collectionFor(state, state.appUsers, id).put(directAppUser(user, at));
    }
  }
  seedClientApp(state, base);
}

export function directAppUser(user: OktaUser, at: string, credentials?: JsonObject, profile?: JsonObject, scope: "USER" | "GROUP" = "USER"): AppUser {
  return {
    id: user.id,
    externalId: null,
    created: at,
    lastUpdated: at,
    scope,
    status: "ACTIVE",
    statusChanged: at,
    passwordChanged: null,
    syncState: "DISABLED",
    credentials: { userName: String(user.profile.login), ...credentials },
    profile: { ...profile },
  };
}
