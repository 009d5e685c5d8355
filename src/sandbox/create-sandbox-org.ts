// Assembles a sandbox org: seeded state, router, faults and the fetch/listen front ends.

import { createDispatcher } from "./dispatch.js";
import { FaultQueue, type Fault } from "./faults.js";
import type { RateLimitOptions } from "./rate-limit.js";
import { listenOnLoopback, type ListeningSandbox } from "./listen.js";
import { buildRouter } from "./routes/index.js";
import { createOrgState, type OrgSize } from "./seed/index.js";
import type { OrgState } from "./state.js";

/** Org URL to use in-process (handle/fetch); relative URLs given to `fetch` resolve against it. Never contacted. */
export const DEFAULT_SANDBOX_ORG_URL = "https://sandbox.okta.local";

export interface SandboxOptions {
  /** Seed for the generated org (default 1). Same seed, same org. */
  seed?: number;
  /** Accepted token, as `SSWS`, `Bearer` or `DPoP` (default "sandbox-token"). */
  token?: string;
  /** Default page size of list endpoints (default 200, capped by each endpoint's maximum). */
  pageSizeDefault?: number;
  /** Org "now" at start (default: the wall clock's now); seeded history lies in the days before. */
  baseTime?: Date | string | number;
  /**
   * The wall clock in epoch ms (default Date.now). Org time moves with it from `baseTime`. Tests pass a frozen clock
   * (e.g. `() => Date.parse("2026-06-15T12:00:00Z")`) to get the same org, byte for byte, on every run.
   */
  now?: () => number;
  /** "large": 10,000 users and 100,000 System Log events (reports at scale, the bench); default ~40 users. */
  size?: OrgSize;
  /** Rate limits: enforce Okta's documented per-minute limits with 429s, and/or shorten the window (default: headers only, one minute). */
  rateLimits?: RateLimitOptions;
}

export interface SandboxOrg {
  /** The whole API as a fetch handler (in-process use). */
  handle(request: Request): Promise<Response>;
  fetch: typeof fetch;
  /** Serves the API over node:http (127.0.0.1, port 0 = random). */
  listen(options?: { port?: number; host?: string }): Promise<ListeningSandbox>;
  /** Back to the seeded state; also clears pending faults. */
  reset(): void;
  injectFaults(faults: Fault[]): void;
  readonly token: string;
}

export function createSandboxOrg(options: SandboxOptions = {}): SandboxOrg {
  const seed = options.seed ?? 1;
  const token = options.token ?? "sandbox-token";
  const wall = options.now ?? Date.now;
  const wallAtStart = wall();
  const baseTime = options.baseTime === undefined ? wallAtStart : new Date(options.baseTime).getTime();
  if (Number.isNaN(baseTime)) throw new TypeError(`baseTime is not a valid date: ${String(options.baseTime)}`);
  const pageSizeDefault = options.pageSizeDefault ?? 200;
  if (!Number.isInteger(pageSizeDefault) || pageSizeDefault < 1) throw new TypeError(`pageSizeDefault must be a positive integer, got ${String(pageSizeDefault)}`);

  const size = options.size ?? "default";
  // Org time = start + time elapsed on the wall clock; a reset re-seeds the same history but keeps the present.
  const orgTime = () => baseTime + (wall() - wallAtStart);
  let state: OrgState = createOrgState(seed, baseTime, size, orgTime);
  const faults = new FaultQueue();
  const reset = () => {
    state = createOrgState(seed, baseTime, size, orgTime);
    faults.clear();
  };
  const handle = createDispatcher({ router: buildRouter(), state: () => state, reset, faults, token, pageSizeDefault, rateLimits: options.rateLimits });
  const sandboxFetch = ((input: RequestInfo | URL, init?: RequestInit) =>
    handle(new Request(typeof input === "string" && input.startsWith("/") ? DEFAULT_SANDBOX_ORG_URL + input : input, init))) as typeof fetch;

  return {
    handle,
    fetch: sandboxFetch,
    listen: (listenOptions) => listenOnLoopback(handle, listenOptions),
    reset,
    injectFaults: (list) => faults.add(list),
    token,
  };
}
