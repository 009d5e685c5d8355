// What each sign-on mode stores: OIDC clients (settings.oauthClient, credentials.oauthClient), SAML 2.0
// (settings.signOn), bookmarks (settings.app.url). Checked per mode and completed with Okta's defaults, so an app reads
// back as Okta returns it; other modes keep what they are given.
import { checkBoolean, checkEnum, checkRequired, checkStringArray, checkUrl, Findings, isObject, objectAt, withDefaults } from "./field-checks.js";
import type { Random } from "./random.js";
import type { JsonObject } from "./state.js";

const GRANT_TYPES = [
  "authorization_code",
  "implicit",
  "password",
  "refresh_token",
  "client_credentials",
  "urn:ietf:params:oauth:grant-type:device_code",
  "urn:ietf:params:oauth:grant-type:token-exchange",
  "urn:ietf:params:oauth:grant-type:saml2-bearer",
  "urn:ietf:params:oauth:grant-type:jwt-bearer",
  "interaction_code",
];
const AUTH_METHODS = ["client_secret_basic", "client_secret_post", "client_secret_jwt", "private_key_jwt", "none"];

/** Key names Okta fixes for some modes (`name` must be this, or is generated). */
const FIXED_NAMES: Record<string, string> = { OPENID_CONNECT: "oidc_client", BOOKMARK: "bookmark" };

export interface AppFields {
  name: string;
  settings: JsonObject;
  credentials: JsonObject;
}

interface AppInput {
  id: string;
  label: string;
  signOnMode: string;
  /** Present on a replacement: the stored app (its name and signing key stay). */
  existing?: JsonObject;
}

function oidcSettings(given: JsonObject, findings: Findings): JsonObject {
  const client = objectAt(given, "oauthClient", "settings.oauthClient", findings);
  if (!client) {
    findings.add("settings.oauthClient", "The field cannot be left blank");
    return given;
  }
  checkEnum(client.application_type, "settings.oauthClient.application_type", ["web", "native", "browser", "service"], findings);
  checkRequired(client.application_type, "settings.oauthClient.application_type", findings);
  checkStringArray(client.grant_types, "settings.oauthClient.grant_types", findings, (item, at) => checkEnum(item, at, GRANT_TYPES, findings));
  const grants = Array.isArray(client.grant_types) ? (client.grant_types as string[]) : [];
  if (grants.length === 0) findings.add("settings.oauthClient.grant_types", "At least one grant type is required");
  checkStringArray(client.redirect_uris, "settings.oauthClient.redirect_uris", findings, (item, at) => checkUrl(item, at, findings));
  checkStringArray(client.post_logout_redirect_uris, "settings.oauthClient.post_logout_redirect_uris", findings, (item, at) => checkUrl(item, at, findings));
  const redirects = Array.isArray(client.redirect_uris) ? client.redirect_uris : [];
  if ((grants.includes("authorization_code") || grants.includes("implicit")) && redirects.length === 0) {
    findings.add("settings.oauthClient.redirect_uris", "The authorization_code and implicit grants need at least one redirect URI");
  }
  if (grants.includes("refresh_token") && !grants.some((g) => g !== "refresh_token")) findings.add("settings.oauthClient.grant_types", "refresh_token needs another grant type");
  if (client.application_type === "service" && grants.some((g) => g !== "client_credentials")) findings.add("settings.oauthClient.grant_types", "A service app uses client_credentials only");
  const responseTypes = client.response_types ?? (grants.includes("authorization_code") ? ["code"] : grants.includes("client_credentials") ? ["token"] : []);
  checkStringArray(responseTypes, "settings.oauthClient.response_types", findings, (item, at) => checkEnum(item, at, ["code", "token", "id_token"], findings));
  return withDefaults(
    { app: {}, notifications: { vpn: { network: { connection: "DISABLED" }, message: null, helpUrl: null } }, manualProvisioning: false, implicitAssignment: false },
    { ...given, oauthClient: withDefaults({ client_uri: null, logo_uri: null, redirect_uris: [], post_logout_redirect_uris: [], consent_method: "REQUIRED", issuer_mode: "DYNAMIC" }, { ...client, response_types: responseTypes }) },
  );
}

function oidcCredentials(given: JsonObject, input: AppInput, settings: JsonObject, random: Random, findings: Findings): JsonObject {
  const client = objectAt(given, "oauthClient", "credentials.oauthClient", findings) ?? {};
  const type = (settings.oauthClient as JsonObject | undefined)?.application_type;
  const defaultMethod = type === "browser" || type === "native" ? "none" : "client_secret_basic";
  const oauthClient = withDefaults({ autoKeyRotation: true, client_id: input.id, token_endpoint_auth_method: defaultMethod, pkce_required: type === "browser" || type === "native" }, client);
  checkEnum(oauthClient.token_endpoint_auth_method, "credentials.oauthClient.token_endpoint_auth_method", AUTH_METHODS, findings);
  checkBoolean(oauthClient.autoKeyRotation, "credentials.oauthClient.autoKeyRotation", findings);
  if (type === "browser" && oauthClient.token_endpoint_auth_method !== "none") findings.add("credentials.oauthClient.token_endpoint_auth_method", "A browser app has no client secret: use none");
  // A confidential client gets a secret once, when it is created (a replacement keeps the stored one).
  const stored = ((input.existing?.credentials as JsonObject | undefined)?.oauthClient as JsonObject | undefined)?.client_secret;
  if (String(oauthClient.token_endpoint_auth_method).startsWith("client_secret") && oauthClient.client_secret === undefined) {
    oauthClient.client_secret = stored ?? random.hex(40);
  }
  return { ...given, oauthClient };
}

function samlSettings(given: JsonObject, findings: Findings): JsonObject {
  const signOn = objectAt(given, "signOn", "settings.signOn", findings);
  if (!signOn) {
    findings.add("settings.signOn", "The field cannot be left blank");
    return given;
  }
  if (checkRequired(signOn.ssoAcsUrl, "settings.signOn.ssoAcsUrl", findings)) checkUrl(signOn.ssoAcsUrl, "settings.signOn.ssoAcsUrl", findings);
  checkRequired(signOn.audience, "settings.signOn.audience", findings);
  for (const key of ["recipient", "destination"]) checkUrl(signOn[key], `settings.signOn.${key}`, findings);
  checkEnum(signOn.signatureAlgorithm, "settings.signOn.signatureAlgorithm", ["RSA_SHA256", "RSA_SHA1"], findings);
  checkEnum(signOn.digestAlgorithm, "settings.signOn.digestAlgorithm", ["SHA256", "SHA1"], findings);
  for (const key of ["responseSigned", "assertionSigned", "honorForceAuthn"]) checkBoolean(signOn[key], `settings.signOn.${key}`, findings);
  checkEnum(signOn.subjectNameIdFormat, "settings.signOn.subjectNameIdFormat", [
    "urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress",
    "urn:oasis:names:tc:SAML:2.0:nameid-format:persistent",
    "urn:oasis:names:tc:SAML:2.0:nameid-format:transient",
    "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified",
    "urn:oasis:names:tc:SAML:1.1:nameid-format:x509SubjectName",
  ], findings);
  if (signOn.attributeStatements !== undefined && !Array.isArray(signOn.attributeStatements)) findings.add("settings.signOn.attributeStatements", "Must be a list");
  const acs = signOn.ssoAcsUrl;
  return withDefaults(
    { app: {}, notifications: { vpn: { network: { connection: "DISABLED" }, message: null, helpUrl: null } }, manualProvisioning: false, implicitAssignment: false },
    {
      ...given,
      signOn: withDefaults(
        {
          defaultRelayState: "",
          recipient: acs,
          destination: acs,
          idpIssuer: "http://www.okta.com/${org.externalKey}",
          subjectNameIdTemplate: "${user.userName}",
          subjectNameIdFormat: "urn:oasis:names:tc:SAML:1.1:nameid-format:unspecified",
          responseSigned: true,
          assertionSigned: true,
          signatureAlgorithm: "RSA_SHA256",
          digestAlgorithm: "SHA256",
          honorForceAuthn: true,
          authnContextClassRef: "urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport",
          attributeStatements: [],
        },
        signOn,
      ),
    },
  );
}

function bookmarkSettings(given: JsonObject, findings: Findings): JsonObject {
  const app = objectAt(given, "app", "settings.app", findings);
  if (checkRequired(app?.url, "settings.app.url", findings)) checkUrl(app?.url, "settings.app.url", findings);
  checkBoolean(app?.requestIntegration, "settings.app.requestIntegration", findings);
  return { ...given, app: withDefaults({ requestIntegration: false }, app ?? {}) };
}

/**
 * The name, settings and credentials an app of `signOnMode` stores, from a create or replace body; throws
 * E0000001 with every finding. The signing key id stays across replacements unless the body names one.
 */
export function appFields(body: JsonObject, input: AppInput, random: Random, orgSlug: string): AppFields {
  const findings = new Findings();
  const given = body.settings;
  if (given !== undefined && !isObject(given)) findings.add("settings", "Must be an object");
  const settingsIn = isObject(given) ? given : {};
  const credentialsIn = isObject(body.credentials) ? body.credentials : {};
  if (body.credentials !== undefined && !isObject(body.credentials)) findings.add("credentials", "Must be an object");

  const fixed = FIXED_NAMES[input.signOnMode];
  if (fixed && body.name !== undefined && body.name !== fixed) findings.add("name", `The name of a ${input.signOnMode} app is ${fixed}`);
  const name = String(input.existing?.name ?? fixed ?? (typeof body.name === "string" && body.name ? body.name : `${orgSlug}_${input.label.toLowerCase().replace(/[^a-z0-9]/g, "")}_1`));

  let settings: JsonObject;
  let credentials: JsonObject = credentialsIn;
  if (input.signOnMode === "OPENID_CONNECT") {
    settings = oidcSettings(settingsIn, findings);
    credentials = oidcCredentials(credentialsIn, input, settings, random, findings);
  } else if (input.signOnMode === "SAML_2_0") settings = samlSettings(settingsIn, findings);
  else if (input.signOnMode === "BOOKMARK") settings = bookmarkSettings(settingsIn, findings);
  else settings = withDefaults({ app: {} }, settingsIn);
  findings.throwIfAny();

  const existingSigning = (input.existing?.credentials as JsonObject | undefined)?.signing as JsonObject | undefined;
  const signing = withDefaults({ kid: existingSigning?.kid ?? random.hex(40) }, credentials.signing);
  return { name, settings, credentials: withDefaults({ userNameTemplate: { template: "${source.login}", type: "BUILT_IN" } }, { ...credentials, signing }) };
}
