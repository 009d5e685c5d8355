// The org's System Log: an append-only list of Okta LogEvents ordered by `published`.
// Seeded history and every mutation made through the API land here.

import { seededUuid, type Random } from "./random.js";
import type { JsonObject } from "./state.js";

export interface LogActor {
  id: string;
  type: string;
  alternateId: string;
  displayName: string;
}

export interface LogTarget extends LogActor {
  detailEntry?: JsonObject | null;
}

export interface LogClient {
  ipAddress: string;
  userAgent: string;
  city: string | null;
  state: string | null;
  country: string | null;
  postalCode: string | null;
  lat: number | null;
  lon: number | null;
}

export interface LogEventInput {
  published: string;
  eventType: string;
  displayMessage: string;
  severity?: "DEBUG" | "INFO" | "WARN" | "ERROR";
  outcome?: { result: "SUCCESS" | "FAILURE" | "SKIPPED" | "ALLOW" | "DENY" | "CHALLENGE" | "UNKNOWN"; reason?: string | null };
  actor: LogActor;
  targets: LogTarget[];
  client: LogClient;
  requestId: string;
  requestUri: string;
  transactionType?: "WEB" | "JOB";
  authenticationContext?: JsonObject;
  debugData?: JsonObject;
}

export type LogEvent = JsonObject & { uuid: string; published: string; eventType: string };

export class SystemLog {
  private readonly events: LogEvent[] = [];
  private readonly searchText: Array<string | undefined> = [];
  /** Client parts shared by every event from the same client (events are never changed once recorded). */
  private readonly clients = new Map<string, Pick<LogEvent, "client" | "request">>();

  constructor(private readonly random: Random) {}

  record(input: LogEventInput): LogEvent {
    const c = input.client;
    const key = `${c.ipAddress}|${c.userAgent}|${c.city}|${c.state}|${c.country}|${c.postalCode}|${c.lat}|${c.lon}`;
    let shared = this.clients.get(key);
    if (!shared) {
      shared = clientParts(c);
      if (this.clients.size < 50_000) this.clients.set(key, shared);
    }
    const event = buildEvent(this.random, input, shared);
    // Keep published order even if a caller records out of order (seeding does not).
    let index = this.events.length;
    while (index > 0 && this.events[index - 1].published > event.published) index--;
    this.events.splice(index, 0, event);
    this.searchText.splice(index, 0, undefined);
    return event;
  }

  get size(): number {
    return this.events.length;
  }

  at(index: number): LogEvent {
    return this.events[index];
  }

  /** Index of the first event published at or after the given ISO time. */
  lowerBound(published: string): number {
    let lo = 0;
    let hi = this.events.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.events[mid].published < published) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** Lowercased JSON of one event, built on first keyword search. */
  textAt(index: number): string {
    let text = this.searchText[index];
    if (text === undefined) {
      text = JSON.stringify(this.events[index]).toLowerCase();
      this.searchText[index] = text;
    }
    return text;
  }
}

function clientParts(c: LogClient): Pick<LogEvent, "client" | "request"> {
  return {
    client: {
      userAgent: { rawUserAgent: c.userAgent, os: osOf(c.userAgent), browser: browserOf(c.userAgent) },
      zone: "null",
      device: c.userAgent.includes("Mobile") ? "Mobile" : "Computer",
      id: null,
      ipAddress: c.ipAddress,
      geographicalContext: {
        city: c.city,
        state: c.state,
        country: c.country,
        postalCode: c.postalCode,
        geolocation: c.lat === null ? null : { lat: c.lat, lon: c.lon },
      },
    },
    request: { ipChain: [{ ip: c.ipAddress, geographicalContext: { city: c.city, state: c.state, country: c.country }, version: "V4", source: null }] },
  };
}

const SECURITY_CONTEXT = { asNumber: 7922, asOrg: "sandbox isp", isp: "sandbox isp", domain: "example.net", isProxy: false };

function buildEvent(random: Random, input: LogEventInput, shared: Pick<LogEvent, "client" | "request">): LogEvent {
  return {
    actor: { ...input.actor, detailEntry: null },
    client: shared.client,
    device: null,
    authenticationContext: {
      authenticationProvider: null,
      credentialProvider: null,
      credentialType: null,
      issuer: null,
      interface: null,
      authenticationStep: 0,
      externalSessionId: `102${random.oktaId("idx").slice(3)}`,
      ...input.authenticationContext,
    },
    displayMessage: input.displayMessage,
    eventType: input.eventType,
    outcome: { result: input.outcome?.result ?? "SUCCESS", reason: input.outcome?.reason ?? null },
    published: input.published,
    securityContext: SECURITY_CONTEXT,
    severity: input.severity ?? "INFO",
    debugContext: {
      debugData: { requestId: input.requestId, requestUri: input.requestUri, url: input.requestUri, ...input.debugData },
    },
    legacyEventType: null,
    transaction: { type: input.transactionType ?? "WEB", id: input.requestId, detail: {} },
    uuid: seededUuid(random),
    version: "0",
    request: shared.request,
    target: input.targets.map((t) => ({ detailEntry: null, ...t })),
  };
}

function osOf(userAgent: string): string {
  if (userAgent.includes("Windows")) return "Windows 10";
  if (userAgent.includes("iPhone")) return "iOS";
  if (userAgent.includes("Mac OS X")) return "Mac OS X";
  if (userAgent.includes("Android")) return "Android";
  return "Unknown";
}

function browserOf(userAgent: string): string {
  if (userAgent.includes("Edg/")) return "EDGE";
  if (userAgent.includes("Chrome/")) return "CHROME";
  if (userAgent.includes("Firefox/")) return "FIREFOX";
  if (userAgent.includes("Safari/")) return "SAFARI";
  return "UNKNOWN";
}
