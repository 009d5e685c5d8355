// Shared helpers: an org per test, an authenticated JSON client, and a Link-following collector.

import { createSandboxOrg, type SandboxOrg } from "../../src/sandbox/index.js";

export const ORG = "https://sandbox.okta.test";

/** A frozen wall clock: every run sees the same org, byte for byte. */
export const FIXED_NOW = Date.parse("2026-06-15T12:00:00.000Z");

export interface Client {
  org: SandboxOrg;
  call(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<Response>;
  json<T = any>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T; response: Response }>;
  /** Follows rel="next" links from a first path and returns every item plus the number of pages. */
  collect<T = any>(path: string): Promise<{ items: T[]; pages: number }>;
}

export function newClient(seed = 7): Client {
  const org = createSandboxOrg({ seed, now: () => FIXED_NOW });
  const call = (method: string, path: string, body?: unknown, headers: Record<string, string> = {}) =>
    org.fetch(path.startsWith("http") ? path : `${ORG}${path}`, {
      method,
      headers: { Authorization: `SSWS ${org.token}`, Accept: "application/json", ...(body === undefined ? {} : { "Content-Type": "application/json" }), ...headers },
      body: body === undefined ? undefined : typeof body === "string" ? body : JSON.stringify(body),
    });
  const json = async (method: string, path: string, body?: unknown) => {
    const response = await call(method, path, body);
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined, response };
  };
  const collect = async (path: string) => {
    const items: any[] = [];
    let next: string | undefined = `${ORG}${path}`;
    let pages = 0;
    while (next) {
      const response = await call("GET", next);
      if (response.status !== 200) throw new Error(`page ${pages + 1} failed with ${response.status}`);
      items.push(...((await response.json()) as any[]));
      pages++;
      next = nextLink(response.headers.get("link"));
      if (pages > 500) throw new Error("pagination did not end");
    }
    return { items, pages };
  };
  return { org, call, json, collect };
}

export function nextLink(link: string | null): string | undefined {
  return link?.match(/<([^>]+)>;\s*rel="next"/)?.[1];
}

export const q = (expression: string) => encodeURIComponent(expression);
