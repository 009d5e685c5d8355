// One JSON line per tools/call, refused ones included. Written synchronously before the result is
// returned, so a crash loses no record. Secrets in arguments are redacted.
import { closeSync, fchmodSync, mkdirSync, openSync, writeSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import type { Logger } from "./logger.js";

export type AuditDecision = "allowed" | "denied" | "declined" | "refused";

export interface AuditRecord {
  time: string;
  /** Remote mode: the signed-in admin who made the call (Okta login). */
  principal?: string;
  tool: string;
  operationId?: string;
  method?: string;
  path?: string;
  arguments: unknown;
  requiredScopes?: string[];
  grantedScopes?: string[];
  decision: AuditDecision;
  status?: number;
  oktaRequestId?: string;
  durationMs: number;
  errorCode?: string;
  /** Merge updates: the read of the current object that preceded the write. */
  read?: { method: "GET"; path: string; status: number; oktaRequestId?: string };
  /** Merge updates: dot paths of the fields the write changed (values are not recorded). */
  changedFields?: string[];
  /** The read that followed a change to show its resulting state (allowlist readBack). */
  readBack?: { path: string; status: number; oktaRequestId?: string };
}

export interface AuditLog {
  write(record: AuditRecord): void;
  close(): void;
}

export type AuditTarget = { kind: "file"; path: string } | { kind: "stderr" } | { kind: "off" };

// Okta puts secrets under these names (credentials.password, factor answers and passcodes, client secrets, keys).
const SECRET_KEY = /password|credential|token|secret|key|authorization|passcode|answer/i;

export function redactSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(redactSecrets);
  if (value && typeof value === "object") {
    const out: Record<string, unknown> = {};
    for (const [key, v] of Object.entries(value)) out[key] = SECRET_KEY.test(key) ? "[REDACTED]" : redactSecrets(v);
    return out;
  }
  return value;
}

const DENIED_CODES = new Set(["ERR_TOOL_NOT_EXPOSED", "ERR_SCOPE_DENIED"]);

/** Decision and error code of a result the pipeline did not build itself (built-in tools, discovery answers). */
export function outcomeOf(result: { isError?: boolean; structuredContent?: Record<string, unknown> }): { decision: AuditDecision; errorCode?: string } {
  if (!result.isError) return { decision: "allowed" };
  const code = (result.structuredContent?.error as { code?: unknown } | undefined)?.code;
  const errorCode = typeof code === "string" ? code : "ERR_INTERNAL";
  return { decision: DENIED_CODES.has(errorCode) ? "denied" : "refused", errorCode };
}

/** Writes one record; a failing audit target is logged, and the call's result is still returned. */
export function writeAuditRecord(audit: AuditLog, record: AuditRecord, log: Logger): void {
  try {
    audit.write(record);
  } catch (err) {
    log.error(`could not write the audit record: ${(err as Error).message}`);
  }
}

export function defaultAuditPath(env: NodeJS.ProcessEnv = process.env): string {
  const state = env.XDG_STATE_HOME || join(homedir(), ".local", "state");
  return join(state, "okta-mcp-server", "audit.jsonl");
}

export function createAuditLog(target: AuditTarget): AuditLog {
  if (target.kind === "off") return { write() {}, close() {} };
  if (target.kind === "stderr") {
    return { write: (record) => void writeSync(2, `${JSON.stringify(record)}\n`), close() {} };
  }
  mkdirSync(dirname(target.path), { recursive: true, mode: 0o700 });
  const fd = openSync(target.path, "a", 0o600);
  // A file created earlier with looser permissions is tightened too: arguments can name people.
  fchmodSync(fd, 0o600);
  return {
    write: (record) => void writeSync(fd, `${JSON.stringify(record)}\n`),
    close: () => closeSync(fd),
  };
}
