// Injected faults: the next N matching requests fail with the given status, before any other processing.

export interface Fault {
  status: number;
  /** How many matching requests fail (default 1). */
  count?: number;
  /** Limit to paths containing this string, or matching this RegExp (tested on the path without query). */
  path?: RegExp | string;
  /** Only for this HTTP method. */
  method?: string;
  /** For 429: seconds until X-Rate-Limit-Reset (default 1). */
  resetInSeconds?: number;
}

interface ActiveFault {
  fault: Fault;
  remaining: number;
}

export class FaultQueue {
  private faults: ActiveFault[] = [];

  add(faults: readonly Fault[]): void {
    for (const fault of faults) {
      if (!Number.isInteger(fault.status) || fault.status < 400 || fault.status > 599) {
        throw new TypeError(`Fault status must be an HTTP error status (400-599), got ${String(fault.status)}`);
      }
      this.faults.push({ fault, remaining: fault.count ?? 1 });
    }
  }

  clear(): void {
    this.faults = [];
  }

  /** Consumes and returns the first fault matching this request, if any. */
  take(method: string, pathname: string): Fault | undefined {
    if (this.faults.length === 0) return undefined;
    const index = this.faults.findIndex(({ fault }) => matches(fault, method, pathname));
    if (index < 0) return undefined;
    const active = this.faults[index];
    active.remaining--;
    if (active.remaining <= 0) this.faults.splice(index, 1);
    return active.fault;
  }
}

function matches(fault: Fault, method: string, pathname: string): boolean {
  if (fault.method && fault.method.toUpperCase() !== method) return false;
  if (fault.path === undefined) return true;
  return typeof fault.path === "string" ? pathname.includes(fault.path) : fault.path.test(pathname);
}

/** Faults sent as JSON to POST /__sandbox/faults: `path` may be "/regex/" or a plain substring. */
export function faultsFromJson(value: unknown): Fault[] {
  const list = Array.isArray(value) ? value : [value];
  return list.map((item) => {
    if (typeof item !== "object" || item === null) throw new TypeError("Each fault must be an object like {\"status\": 429, \"count\": 1}");
    const raw = item as Record<string, unknown>;
    const path = typeof raw.path === "string" && raw.path.length > 2 && raw.path.startsWith("/") && raw.path.endsWith("/") && !raw.path.startsWith("/api")
      ? new RegExp(raw.path.slice(1, -1))
      : (raw.path as string | undefined);
    return {
      status: Number(raw.status),
      count: raw.count === undefined ? undefined : Number(raw.count),
      path,
      method: typeof raw.method === "string" ? raw.method : undefined,
      resetInSeconds: raw.resetInSeconds === undefined ? undefined : Number(raw.resetInSeconds),
    };
  });
}
