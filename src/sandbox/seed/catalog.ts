// Seeded read-mostly resources: network zones, trusted origins, authorization servers, identity providers,
// event hooks, brands and device assurance policies. "{{org}}" stands for the org URL and is filled in on output.

import { DAY, iso } from "../clock.js";
import { Collection } from "../collection.js";
import type { CatalogResource, JsonObject, OrgState } from "../state.js";
import { ORG_NAME } from "./people.js";

type Item = JsonObject & { id: string };

/** Id prefix and System Log event types of each resource. */
const WRITES: Record<string, Pick<CatalogResource, "idPrefix" | "events">> = {
  zones: { idPrefix: "nzo", events: { create: "zone.create", update: "zone.update", delete: "zone.delete", activate: "zone.activate", deactivate: "zone.deactivate" } },
  trustedOrigins: { idPrefix: "tos", events: { create: "trusted_origins.create", update: "trusted_origins.update", delete: "trusted_origins.delete", activate: "trusted_origins.activate", deactivate: "trusted_origins.deactivate" } },
  authorizationServers: { idPrefix: "aus", events: { create: "oauth2.as.created", update: "oauth2.as.updated", delete: "oauth2.as.deleted", activate: "oauth2.as.activated", deactivate: "oauth2.as.deactivated" } },
  idps: { idPrefix: "0oa", events: { create: "system.idp.lifecycle.create", update: "system.idp.lifecycle.update", delete: "system.idp.lifecycle.delete", activate: "system.idp.lifecycle.activate", deactivate: "system.idp.lifecycle.deactivate" } },
  eventHooks: { idPrefix: "who", events: { create: "event_hook.created", update: "event_hook.updated", delete: "event_hook.deleted", activate: "event_hook.activated", deactivate: "event_hook.deactivated" } },
  brands: { idPrefix: "bnd", events: { create: "brand.create", update: "brand.update", delete: "brand.delete", activate: "brand.update", deactivate: "brand.update" } },
  "device-assurances": { idPrefix: "dae", events: { create: "device.assurance.policy.add", update: "device.assurance.policy.update", delete: "device.assurance.policy.delete", activate: "device.assurance.policy.update", deactivate: "device.assurance.policy.update" } },
};

function resource(state: OrgState, path: string, typeName: string, items: Item[]): CatalogResource {
  const collection = new Collection<Item>(state.nextSeq);
  items.forEach((item) => collection.put(item));
  return { path, typeName, items: collection, ...WRITES[path] };
}

/** Returns the id of the office network zone (policies refer to it). */
export function seedCatalog(state: OrgState, base: number): string {
  const { random } = state;
  const at = (daysAgo: number) => iso(base - daysAgo * DAY);
  const admin = state.adminUserId;

  const officeZoneId = random.oktaId("nzo");
  const zone = (id: string, name: string, extra: JsonObject): Item => ({
    type: "IP", id, name, status: "ACTIVE", usage: "POLICY", created: at(700), lastUpdated: at(120), system: false, gateways: null, proxies: null, ...extra,
  });
  state.catalog.set("zones", resource(state, "zones", "Zone", [
    zone(random.oktaId("nzo"), "LegacyIpZone", { system: true, gateways: [{ type: "CIDR", value: "203.0.113.0/24" }] }),
    zone(random.oktaId("nzo"), "BlockedIpZone", { system: true, usage: "BLOCKLIST", gateways: [{ type: "RANGE", value: "198.51.100.200-198.51.100.250" }] }),
    zone(officeZoneId, "Office Network", { gateways: [{ type: "CIDR", value: "192.0.2.0/24" }, { type: "CIDR", value: "203.0.113.0/28" }] }),
    zone(random.oktaId("nzo"), "Blocked Countries", { type: "DYNAMIC", usage: "BLOCKLIST", locations: [{ country: "KP", region: null }], proxyType: "TorAnonymizer", asns: [] }),
  ]));

  const origin = (name: string, url: string, scopes: string[]): Item => ({
    id: random.oktaId("tos"), name, origin: url, scopes: scopes.map((type) => ({ type })), status: "ACTIVE",
    created: at(300), createdBy: admin, lastUpdated: at(300), lastUpdatedBy: admin,
  });
  state.catalog.set("trustedOrigins", resource(state, "trustedOrigins", "TrustedOrigin", [
    origin("Intranet", "https://intranet.example.com", ["CORS", "REDIRECT"]),
    origin("Developer portal", "https://developer.example.com", ["CORS"]),
  ]));

  const authServer = (id: string, name: string, description: string, audience: string, isDefault: boolean): Item => ({
    id, name, description, audiences: [audience], issuer: `{{org}}/oauth2/${id}`, issuerMode: "ORG_URL", status: "ACTIVE",
    created: at(900), lastUpdated: at(40), default: isDefault,
    credentials: { signing: { kid: random.hex(43), rotationMode: "AUTO", lastRotated: at(40), nextRotation: iso(base + 50 * DAY) } },
  });
  state.catalog.set("authorizationServers", resource(state, "authorizationServers", "AuthorizationServer", [
    authServer("default", "default", "Default Authorization Server for your Applications", "api://default", true),
    authServer(random.oktaId("aus"), "Partner API", "Tokens for the partner API", "https://api.example.com/partners", false),
  ]));

  state.catalog.set("idps", resource(state, "idps", "IdentityProvider", [
    {
      id: random.oktaId("0oa"), type: "GOOGLE", issuerMode: "ORG_URL", name: "Google", status: "ACTIVE", created: at(500), lastUpdated: at(200),
      protocol: { type: "OIDC", endpoints: {}, scopes: ["email", "openid", "profile"], credentials: { client: { client_id: "sandbox-client.apps.googleusercontent.com" } } },
      policy: { provisioning: { action: "AUTO", profileMaster: false, groups: { action: "NONE" }, conditions: { deprovisioned: { action: "NONE" }, suspended: { action: "NONE" } } }, accountLink: { filter: null, action: "AUTO" }, subject: { userNameTemplate: { template: "idpuser.email" }, filter: null, matchType: "USERNAME", matchAttribute: null }, maxClockSkew: 0 },
    },
    {
      id: random.oktaId("0oa"), type: "SAML2", issuerMode: "ORG_URL", name: "Partner SAML IdP", status: "INACTIVE", created: at(250), lastUpdated: at(250),
      protocol: { type: "SAML2", endpoints: { sso: { url: "https://idp.partner.example.org/sso", binding: "HTTP-POST", destination: "https://idp.partner.example.org/sso" } }, algorithms: { request: { signature: { algorithm: "SHA-256", scope: "REQUEST" } }, response: { signature: { algorithm: "SHA-256", scope: "ANY" } } }, credentials: { trust: { issuer: "https://idp.partner.example.org", audience: "{{org}}/saml2/service-provider", kid: random.hex(36) } } },
      policy: { provisioning: { action: "DISABLED" }, subject: { userNameTemplate: { template: "idpuser.subjectNameId" }, matchType: "USERNAME" }, maxClockSkew: 120000 },
    },
  ]));

  state.catalog.set("eventHooks", resource(state, "eventHooks", "EventHook", [
    {
      id: random.oktaId("who"), status: "ACTIVE", verificationStatus: "VERIFIED", name: "SIEM forwarder", description: "Forwards lifecycle events to the SIEM",
      created: at(150), createdBy: admin, lastUpdated: at(150),
      events: { type: "EVENT_TYPE", items: ["user.lifecycle.create", "user.lifecycle.deactivate", "user.session.start"], filter: null },
      channel: { type: "HTTP", version: "1.0.0", config: { uri: "https://siem.example.com/okta-events", headers: [], authScheme: { type: "HEADER", key: "Authorization" }, method: "POST" } },
    },
  ]));

  state.catalog.set("brands", resource(state, "brands", "Brand", [
    {
      id: random.oktaId("bnd"), name: ORG_NAME, isDefault: true, removePoweredByOkta: false, customPrivacyPolicyUrl: null, agreeToCustomPrivacyPolicy: false,
      locale: "en", emailDomainId: null, defaultApp: { appInstanceId: null, appLinkName: null, classicApplicationUri: null },
    },
  ]));

  state.catalog.set("device-assurances", resource(state, "device-assurances", "DeviceAssurance", [
    {
      id: random.oktaId("dae"), name: "macOS baseline", platform: "MACOS", osVersion: { minimum: "14.0.0" },
      diskEncryptionType: { include: ["ALL_INTERNAL_VOLUMES"] }, screenLockType: { include: ["BIOMETRIC", "PASSCODE"] }, secureHardwarePresent: true,
      createdBy: admin, createdDate: at(90), lastUpdate: at(30), lastUpdatedBy: admin,
    },
    {
      id: random.oktaId("dae"), name: "Windows baseline", platform: "WINDOWS", osVersion: { minimum: "10.0.19045" },
      diskEncryptionType: { include: ["ALL_INTERNAL_VOLUMES"] }, screenLockType: { include: ["PASSCODE"] }, secureHardwarePresent: true,
      createdBy: admin, createdDate: at(90), lastUpdate: at(30), lastUpdatedBy: admin,
    },
  ]));
  return officeZoneId;
}
